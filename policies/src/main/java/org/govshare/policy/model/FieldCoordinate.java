package org.govshare.policy.model;

import static java.util.Objects.requireNonNull;

/** A field of the public schema by type and name ({@code Resident.name}, {@code Query.residents}). */
public record FieldCoordinate(String type, String field) implements Comparable<FieldCoordinate> {
    public FieldCoordinate {
        requireNonNull(type, "type is null");
        requireNonNull(field, "field is null");
    }

    /** Parses {@code Type.field}. */
    public static FieldCoordinate parse(String coordinate) {
        int dot = coordinate.indexOf('.');
        if (dot <= 0 || dot == coordinate.length() - 1 || coordinate.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("not a field coordinate: " + coordinate);
        }
        return new FieldCoordinate(coordinate.substring(0, dot), coordinate.substring(dot + 1));
    }

    @Override
    public int compareTo(FieldCoordinate other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : field.compareTo(other.field);
    }

    @Override
    public String toString() {
        return type + "." + field;
    }
}
