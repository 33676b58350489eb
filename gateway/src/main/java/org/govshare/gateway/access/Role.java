package org.govshare.gateway.access;

/**
 * A role a token's scopes give its holder on the admin API: the data-sharing authority ({@code gateway.admin}) or the
 * steward of one or more sources ({@code steward:<source>}). A consumer holds none.
 */
public enum Role {
    AUTHORITY,
    STEWARD
}
