package org.govshare.policy.model;

/** What a grant allows on a field: READ the value, or only VERIFY a claim about it at the source. */
public enum Access {
    VERIFY,
    READ;

    /** READ covers VERIFY; VERIFY never covers READ. */
    public boolean covers(Access needed) {
        return this == READ || needed == VERIFY;
    }
}
