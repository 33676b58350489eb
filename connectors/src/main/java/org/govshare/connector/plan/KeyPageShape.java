package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of records in key order: equality on {@code filterFields}, optionally after a key (the cursor), and at
 * most a given number of rows. Only single-field keys can be paged.
 *
 * <p>Slots: one value per filter field, then one per row condition, then the key after which to start (when
 * {@code afterCursor}), then the row limit. The key field is always returned, since cursors are made from it.
 */
public record KeyPageShape(
        String type,
        List<String> fields,
        List<String> relations,
        String keyField,
        List<String> filterFields,
        List<RowCondition> conditions,
        List<ColumnMask> masks,
        boolean afterCursor)
        implements ReadShape {
    public KeyPageShape {
        requireNonNull(type, "type is null");
        requireNonNull(keyField, "keyField is null");
        fields = ReadShape.normalized(fields, List.of(keyField));
        relations = ReadShape.normalized(relations, List.of());
        filterFields = List.copyOf(filterFields);
        conditions = List.copyOf(conditions);
        masks = List.copyOf(new java.util.TreeSet<>(masks));
    }

    @Override
    public int slotCount() {
        return filterFields.size() + conditions.size() + (afterCursor ? 1 : 0) + 1;
    }
}
