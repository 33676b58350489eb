package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.govshare.connector.plan.CompiledQuery;
import org.jspecify.annotations.Nullable;

/**
 * One record as read from its source: the row, the compiled query that knows where each field is in it, and how many
 * records of its field's level there may be at most (which sizes the batches of the relations below it).
 */
public final class CatalogRecord {
    private final CompiledQuery query;
    private final @Nullable Object[] row;
    private final int siblings;

    CatalogRecord(CompiledQuery query, @Nullable Object[] row, int siblings) {
        this.query = requireNonNull(query, "query is null");
        this.row = requireNonNull(row, "row is null");
        this.siblings = siblings;
    }

    /** The most records its field's level may hold, as planned (capped at {@link SourcePlanner#MAXIMUM_BATCH}). */
    int siblings() {
        return siblings;
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
        return RelationKeys.fromRow(query, relation, row);
    }
}
