package org.govshare.gateway.read;

import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;

/**
 * Checks and normalises argument values that stand for catalog fields (ID numbers, credit codes) before any SQL; a
 * bad one is {@code INVALID_ARGUMENT} naming only the argument.
 */
public final class Arguments {
    private Arguments() {}

    public static Object value(ColumnField field, String argumentName, @Nullable Object raw) {
        if (raw == null) {
            throw new GovshareException(ErrorCode.INVALID_ARGUMENT, argumentName + " is required");
        }
        if (field.identifier().isEmpty()) {
            return raw;
        }
        IdentifierScheme scheme = field.identifier().get();
        return scheme.normalize(raw.toString())
                .orElseThrow(() -> new GovshareException(
                        ErrorCode.INVALID_ARGUMENT, argumentName + " is not a valid " + describe(scheme)));
    }

    private static String describe(IdentifierScheme scheme) {
        return switch (scheme) {
            case RESIDENT_ID_NUMBER -> "resident ID number (GB 11643)";
            case UNIFIED_SOCIAL_CREDIT_CODE -> "unified social credit code (GB 32100)";
        };
    }
}
