package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Records whose {@code matchFields} (the whole key, or a key prefix for a list relation) equal one of
 * {@code batchSize} value tuples, and whose {@code filterFields} equal given values.
 *
 * <p>Slots: the match values tuple by tuple ({@code batchSize × matchFields}), then one value per filter field, then
 * one per row condition. A
 * batch that must give rows back to the keys that asked for them lists the match fields among its fields.
 *
 * <p>Made with the named factories and withers, e.g. {@code KeyLookupShape.byKey("Resident", List.of("idNumber"))
 * .reading(fields, relations, masks).where(conditions)}: the canonical constructor is there for the record only.
 */
public record KeyLookupShape(
        String type,
        List<String> fields,
        List<String> relations,
        List<String> matchFields,
        int batchSize,
        List<String> filterFields,
        List<RowCondition> conditions,
        List<ColumnMask> masks)
        implements ReadShape {
    public KeyLookupShape {
        requireNonNull(type, "type is null");
        matchFields = List.copyOf(matchFields);
        fields = ReadShape.normalized(fields, List.of());
        relations = ReadShape.normalized(relations, List.of());
        filterFields = List.copyOf(filterFields);
        conditions = List.copyOf(conditions);
        masks = List.copyOf(new java.util.TreeSet<>(masks));
        if (matchFields.isEmpty()) {
            throw new IllegalArgumentException("a key lookup needs match fields");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }

    /** One record by its whole key (or records by a key prefix), reading nothing yet: a batch of one. */
    public static KeyLookupShape byKey(String type, List<String> matchFields) {
        return new KeyLookupShape(type, List.of(), List.of(), matchFields, 1, List.of(), List.of(), List.of());
    }

    /** The same lookup returning these fields (masked at the source as {@code masks} say) and relation keys. */
    public KeyLookupShape reading(List<String> fields, List<String> relations, List<ColumnMask> masks) {
        return new KeyLookupShape(type, fields, relations, matchFields, batchSize, filterFields, conditions, masks);
    }

    /** The same lookup for {@code size} key tuples at once. */
    public KeyLookupShape batchOf(int size) {
        return new KeyLookupShape(type, fields, relations, matchFields, size, filterFields, conditions, masks);
    }

    /** The same lookup, also requiring equality on {@code filters} (a relation's arguments). */
    public KeyLookupShape filteredBy(List<String> filters) {
        return new KeyLookupShape(type, fields, relations, matchFields, batchSize, filters, conditions, masks);
    }

    /** The same lookup under the caller's row conditions. */
    public KeyLookupShape where(List<RowCondition> rowConditions) {
        return new KeyLookupShape(type, fields, relations, matchFields, batchSize, filterFields, rowConditions, masks);
    }

    @Override
    public int slotCount() {
        return batchSize * matchFields.size() + filterFields.size() + conditions.size();
    }
}
