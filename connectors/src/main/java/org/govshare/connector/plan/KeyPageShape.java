package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of records in key order: equality on {@code filterFields}, optionally after a key (the cursor), and at
 * most a given number of rows. Only single-field keys can be paged.
 *
 * <p>Slots: one value per filter field, then one per row condition, then the key after which to start (when
 * {@code afterCursor}), then the row limit. The key field is always returned, since cursors are made from it.
 *
 * <p>Made with {@link #inKeyOrder} and the withers: {@code KeyPageShape.inKeyOrder("Resident", "idNumber",
 * List.of("regionCode")).reading(fields, relations, masks).where(conditions).afterCursor(true)}.
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

    /** The first page of records whose {@code filterFields} equal given values, in the order of {@code keyField}. */
    public static KeyPageShape inKeyOrder(String type, String keyField, List<String> filterFields) {
        return new KeyPageShape(type, List.of(), List.of(), keyField, filterFields, List.of(), List.of(), false);
    }

    /** The same page returning these fields (masked at the source as {@code masks} say) and relation keys. */
    public KeyPageShape reading(List<String> fields, List<String> relations, List<ColumnMask> masks) {
        return new KeyPageShape(type, fields, relations, keyField, filterFields, conditions, masks, afterCursor);
    }

    /** The same page under the caller's row conditions. */
    public KeyPageShape where(List<RowCondition> rowConditions) {
        return new KeyPageShape(type, fields, relations, keyField, filterFields, rowConditions, masks, afterCursor);
    }

    /** The same page, starting after a key (a cursor) when {@code after}. */
    public KeyPageShape afterCursor(boolean after) {
        return new KeyPageShape(type, fields, relations, keyField, filterFields, conditions, masks, after);
    }

    @Override
    public int slotCount() {
        return filterFields.size() + conditions.size() + (afterCursor ? 1 : 0) + 1;
    }
}
