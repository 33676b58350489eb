package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/** One defect of a catalog: where it is (SDL file, line, column) and what is wrong, as an operator reads it. */
public record CatalogProblem(Location location, String message) {
    public CatalogProblem {
        requireNonNull(location, "location is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
