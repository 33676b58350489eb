package org.govshare.policy.model;

/** Lifecycle state of a grant; only ACTIVE grants (and only within their validity) allow anything. */
public enum GrantStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED
}
