package org.govshare.schema.identifier;

import java.util.Optional;

/** A national identifier standard that a catalog field follows: its input is normalised and checked before any SQL. */
public enum IdentifierScheme {
    /** 公民身份号码, GB 11643-1999. */
    RESIDENT_ID_NUMBER,
    /** 统一社会信用代码, GB 32100-2015. */
    UNIFIED_SOCIAL_CREDIT_CODE;

    /**
     * Returns the canonical form of {@code raw}, or empty when it is not a valid identifier of this scheme.
     * Surrounding spaces are dropped, full-width characters become ASCII and letters upper case.
     */
    public Optional<String> normalize(String raw) {
        return switch (this) {
            case RESIDENT_ID_NUMBER -> ResidentIdNumbers.normalize(raw);
            case UNIFIED_SOCIAL_CREDIT_CODE -> UnifiedSocialCreditCodes.normalize(raw);
        };
    }

    /** Whether {@code value} is already a valid identifier of this scheme in canonical form. */
    public boolean isValid(String value) {
        return switch (this) {
            case RESIDENT_ID_NUMBER -> ResidentIdNumbers.isValid(value);
            case UNIFIED_SOCIAL_CREDIT_CODE -> UnifiedSocialCreditCodes.isValid(value);
        };
    }
}
