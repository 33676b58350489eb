package org.govshare.policy.workflow;

import static java.util.Objects.requireNonNull;

/** A workflow step that cannot be taken: bad input, not the actor's to take, or nothing to take it on. */
public final class WorkflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        INVALID,
        FORBIDDEN,
        NOT_FOUND
    }

    private final Kind kind;

    public WorkflowException(Kind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
