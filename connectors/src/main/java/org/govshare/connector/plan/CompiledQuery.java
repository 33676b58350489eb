package org.govshare.connector.plan;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * A shape compiled for one source: the source SQL with {@code ?} placeholders, the slot bound at each placeholder
 * (in the order they appear in the SQL), and how to read each result row: the kind of every column, where each
 * requested field is, and where the local key columns of each requested relation are.
 */
public final class CompiledQuery {
    private final String source;
    private final String sql;
    private final int[] slotOrder;
    private final List<ValueKind> columnKinds;
    private final Map<String, Integer> fieldPositions;
    private final Map<String, int[]> relationPositions;
    private final Map<String, Integer> rawFieldPositions;
    private final @Nullable ArrayParameter arrayParameter;

    /**
     * A placeholder bound with one SQL array ({@code key = ANY (?)} on PostgreSQL) rather than one value: its slot in
     * {@link #slotAt} is {@code slot}, a slot of its own past the caller's, and its value is the array of the caller's
     * slots {@code from} to {@code from + length} (exclusive), of the SQL element type {@code elementType} (a type
     * name that {@link java.sql.Connection#createArrayOf} knows, such as {@code varchar}). Every element stays a bound
     * value; the statement's text does not depend on {@code length}.
     */
    public record ArrayParameter(int slot, int from, int length, String elementType) {
        public ArrayParameter {
            requireNonNull(elementType, "elementType is null");
            if (from < 0 || length < 1 || slot < from + length) {
                throw new IllegalArgumentException(
                        "bad array parameter: slot " + slot + " from " + from + " length " + length);
            }
        }
    }

    public CompiledQuery(
            String source,
            String sql,
            int[] slotOrder,
            List<ValueKind> columnKinds,
            Map<String, Integer> fieldPositions,
            Map<String, int[]> relationPositions,
            Map<String, Integer> rawFieldPositions) {
        this(source, sql, slotOrder, columnKinds, fieldPositions, relationPositions, rawFieldPositions, null);
    }

    /** @param arrayParameter the placeholder bound with an array of slots, if any */
    public CompiledQuery(
            String source,
            String sql,
            int[] slotOrder,
            List<ValueKind> columnKinds,
            Map<String, Integer> fieldPositions,
            Map<String, int[]> relationPositions,
            Map<String, Integer> rawFieldPositions,
            @Nullable ArrayParameter arrayParameter) {
        this.source = requireNonNull(source, "source is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.slotOrder = slotOrder.clone();
        this.columnKinds = List.copyOf(columnKinds);
        this.fieldPositions = Map.copyOf(fieldPositions);
        this.relationPositions = Map.copyOf(relationPositions);
        this.rawFieldPositions = Map.copyOf(rawFieldPositions);
        this.arrayParameter = arrayParameter;
    }

    /** The placeholder bound with an array of slots, if the statement has one. */
    public @Nullable ArrayParameter arrayParameter() {
        return arrayParameter;
    }

    /**
     * The position of a field's unmasked value, read for the gateway's own use (a page's cursor, sealed before it
     * leaves; a batch's match fields); the field's masked value, if masked, is at {@link #fieldPosition}.
     */
    public int rawFieldPosition(String field) {
        Integer position = rawFieldPositions.get(field);
        return position != null ? position : fieldPosition(field);
    }

    public String source() {
        return source;
    }

    /** The source SQL, with a {@code ?} for every value. */
    public String sql() {
        return sql;
    }

    public int placeholderCount() {
        return slotOrder.length;
    }

    /** The slot bound at the placeholder at that position (0-based). */
    public int slotAt(int position) {
        return slotOrder[position];
    }

    /** The kinds of the columns of each result row, in order. */
    public List<ValueKind> columnKinds() {
        return columnKinds;
    }

    /** The position of a requested field in each result row. */
    public int fieldPosition(String field) {
        Integer position = fieldPositions.get(field);
        if (position == null) {
            throw new IllegalArgumentException("not an output: " + field);
        }
        return position;
    }

    /** The positions of a requested relation's local key columns in each result row, in key order. */
    public int[] relationPositions(String relation) {
        int[] positions = relationPositions.get(relation);
        if (positions == null) {
            throw new IllegalArgumentException("not an output relation: " + relation);
        }
        return positions.clone();
    }

    @Override
    public String toString() {
        return "CompiledQuery[" + source + ": " + sql + " slots " + Arrays.toString(slotOrder)
                + (arrayParameter == null ? "" : " " + arrayParameter) + "]";
    }
}
