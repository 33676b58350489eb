package org.govshare.gateway.audit;

/** The audit store did not take a record: the request it belongs to must not be answered (fail closed). */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
