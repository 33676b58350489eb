package org.govshare.gateway.error;

import static java.util.Objects.requireNonNull;

/**
 * A refusal or failure with its contract code. The message goes to the caller as it is, so it must name nothing
 * the caller may not see (no value, no field or type beyond what the request named).
 */
public class GovshareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public GovshareException(ErrorCode code, String safeMessage) {
        super(requireNonNull(safeMessage, "safeMessage is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
