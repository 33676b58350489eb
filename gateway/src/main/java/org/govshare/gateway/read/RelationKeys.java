package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.List;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;

/**
 * How a relation leads from a record to its related records, in one place: the target's key fields the relation's
 * local columns match, and the local key values read from a row or known from the subject's own key.
 */
public final class RelationKeys {
    private RelationKeys() {}

    /** The target's key fields the relation matches: its whole key, or a key prefix for a list relation. */
    public static List<String> matchFields(CatalogType target, RelationField relation) {
        return target.keyFields().subList(0, relation.columns().size());
    }

    /**
     * The relation's local key values in a row read with the relation among the shape's relations; null when any is
     * null (the relation then leads nowhere).
     */
    public static @Nullable List<Object> fromRow(CompiledQuery query, String relation, @Nullable Object[] row) {
        int[] positions = query.relationPositions(relation);
        List<Object> key = new ArrayList<>(positions.length);
        for (int position : positions) {
            Object value = row[position];
            if (value == null) {
                return null;
            }
            key.add(value);
        }
        return key;
    }

    /**
     * The related record's key prefix when the relation's columns are all key columns of {@code type} (the usual
     * {@code id_number → id_number}): known from {@code key} before anything is read; null otherwise.
     */
    public static @Nullable List<Object> fromSubjectKey(
            CatalogType type, RelationField relation, List<? extends Object> key) {
        List<ColumnField> keyColumns = type.keyColumns();
        List<Object> values = new ArrayList<>();
        for (String column : relation.columns()) {
            int position = -1;
            for (int i = 0; i < keyColumns.size(); i++) {
                if (keyColumns.get(i).column().equalsIgnoreCase(column)) {
                    position = i;
                }
            }
            if (position < 0) {
                return null;
            }
            values.add(key.get(position));
        }
        return values;
    }

    /** Whether the relation's key follows from the subject's key alone (see {@link #fromSubjectKey}). */
    public static boolean followsFromSubjectKey(CatalogType type, RelationField relation) {
        return fromSubjectKey(type, relation, type.keyFields()) != null;
    }
}
