package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.govshare.connector.plan.CompiledQuery;
import org.jspecify.annotations.Nullable;

/** One record as read from its source: the row and the compiled query that knows where each field is in it. */
public final class CatalogRecord {
    private final CompiledQuery query;
    private final @Nullable Object[] row;

    CatalogRecord(CompiledQuery query, @Nullable Object[] row) {
        this.query = requireNonNull(query, "query is null");
        this.row = requireNonNull(row, "row is null");
    }

    public @Nullable Object field(String name) {
        return row[query.fieldPosition(name)];
    }

    /** The unmasked value of a field read for the gateway's own use (a cursor); never returned as it is. */
    @Nullable
    Object raw(String name) {
        return row[query.rawFieldPosition(name)];
    }

    /** The local key values of a relation, or null when any of them is null (the relation then leads nowhere). */
    @Nullable
    List<Object> relationKey(String relation) {
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
}
