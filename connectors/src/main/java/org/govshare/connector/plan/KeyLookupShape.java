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

    @Override
    public int slotCount() {
        return batchSize * matchFields.size() + filterFields.size() + conditions.size();
    }
}
