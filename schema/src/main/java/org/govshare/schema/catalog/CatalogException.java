package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

/** A defect in the catalog that must stop start-up; the message names the SDL file, line and cause. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Location location;

    public CatalogException(Location location, String cause) {
        super(requireNonNull(location, "location is null") + ": " + requireNonNull(cause, "cause is null"));
        this.location = location;
    }

    public Location location() {
        return location;
    }
}
