package org.govshare.policy.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An operation may not run at all; nothing is read. */
public record Refused(Reason reason, List<DeniedField> denied) implements Decision {
    /** Why, in the contract's terms. */
    public enum Reason {
        PURPOSE_REQUIRED,
        PURPOSE_NOT_GRANTED,
        FORBIDDEN_FIELD
    }

    public Refused {
        requireNonNull(reason, "reason is null");
        denied = List.copyOf(denied);
    }
}
