package org.govshare.policy.workflow;

/** Where one requested field stands. */
public enum ItemStatus {
    /** Unconditional: granted on submission. */
    GRANTED,
    /** Conditional: waiting for the provider's steward. */
    PENDING,
    /** Approved by the steward (possibly narrowed to VERIFY) or by arbitration. */
    APPROVED,
    /** Rejected with a reason; the consumer may escalate it once. */
    REJECTED,
    /** Not shared: refused on submission with the catalog's legal basis. */
    REFUSED,
    /** A rejection the consumer took to the authority for arbitration (争议协调). */
    ESCALATED
}
