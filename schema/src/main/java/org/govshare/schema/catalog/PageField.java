package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A root field that pages through records of {@code targetType} in key order, Relay style: equality filters on
 * {@code filterFields}, {@code first} at most {@code maxPageSize}, and an opaque {@code after} cursor.
 */
public record PageField(
        String name,
        String targetType,
        List<String> filterFields,
        int maxPageSize,
        int defaultPageSize,
        Location location)
        implements RootField {
    public PageField {
        requireNonNull(name, "name is null");
        requireNonNull(targetType, "targetType is null");
        filterFields = List.copyOf(filterFields);
        requireNonNull(location, "location is null");
        if (maxPageSize < 1 || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("page sizes out of range");
        }
    }
}
