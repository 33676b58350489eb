package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.govshare.schema.identifier.IdentifierScheme;

/** A catalog field read from one column of its type's table. */
public record ColumnField(
        String name,
        String column,
        ValueKind kind,
        boolean nullable,
        Optional<IdentifierScheme> identifier,
        Sharing sharing,
        Optional<String> description,
        Location location)
        implements CatalogField {
    public ColumnField {
        requireNonNull(name, "name is null");
        requireNonNull(column, "column is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(identifier, "identifier is null");
        requireNonNull(sharing, "sharing is null");
        requireNonNull(description, "description is null");
        requireNonNull(location, "location is null");
    }
}
