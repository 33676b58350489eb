package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A root field that checks claims about one record of {@code targetType} at its source ({@code verifyResident}): its
 * arguments are the key fields and {@code claims}; only MATCH / MISMATCH / NO_RECORD comes back. Generated for every
 * keyed type.
 */
public record VerifyField(String name, String targetType, Location location) implements RootField {
    public VerifyField {
        requireNonNull(name, "name is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(location, "location is null");
    }
}
