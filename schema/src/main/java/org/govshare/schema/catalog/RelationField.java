package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A catalog field that leads to records of another keyed type, usually on another source. {@code columns} of this
 * type's table hold the target's key fields in key order (all of them for a single object, a prefix for a list);
 * {@code filterArguments} name target fields that the field's arguments filter by equality. {@code claim} names the
 * field of the claims input through which verifications claim about the related record: the relation's own name for
 * a single object, the directive's {@code claim} argument for a list (a list without one cannot be claimed about).
 */
public record RelationField(
        String name,
        String targetType,
        List<String> columns,
        boolean many,
        List<String> filterArguments,
        Optional<String> claim,
        Sharing sharing,
        Optional<String> description,
        Location location)
        implements CatalogField {
    public RelationField {
        requireNonNull(name, "name is null");
        requireNonNull(targetType, "targetType is null");
        columns = List.copyOf(columns);
        filterArguments = List.copyOf(filterArguments);
        requireNonNull(claim, "claim is null");
        requireNonNull(sharing, "sharing is null");
        requireNonNull(description, "description is null");
        requireNonNull(location, "location is null");
    }
}
