package org.govshare.schema.catalog;

import java.util.Optional;

/** One field of a keyed catalog type: either bound to a column of the type's table or a relation to another type. */
public sealed interface CatalogField permits ColumnField, RelationField {
    String name();

    Sharing sharing();

    Optional<String> description();

    Location location();
}
