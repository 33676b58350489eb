package org.govshare.connector.plan;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one source query reads, without the values: the type, the column fields to return and how records are
 * chosen. Two requests with equal shapes share one compiled plan; values are bound as parameters at run time.
 */
public sealed interface ReadShape permits KeyLookupShape, KeyPageShape, ClaimCheckShape {
    /** The catalog type read. */
    String type();

    /** Column fields returned, sorted and without duplicates so that field order in a request does not split the cache. */
    List<String> fields();

    /** Relation fields whose local key columns are returned too, so that related records can be fetched. */
    List<String> relations();

    /** Fields the source returns masked (see {@link ColumnMask}); only ever fields among {@link #fields()}. */
    List<ColumnMask> masks();

    /** The number of parameter slots a caller fills, in {@link CompiledQuery#slotOrder()} terms. */
    int slotCount();

    static List<String> normalized(List<String> fields, List<String> required) {
        SortedSet<String> sorted = new TreeSet<>(fields);
        sorted.addAll(required);
        return List.copyOf(sorted);
    }
}
