package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/** A root field that returns one record of {@code targetType} by its full key (the field's arguments). */
public record LookupField(String name, String targetType, Location location) implements RootField {
    public LookupField {
        requireNonNull(name, "name is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(location, "location is null");
    }
}
