package org.govshare.gateway.read;

import java.util.List;
import org.govshare.connector.plan.ColumnMask;

/**
 * One use of a relation by one parent record, as a data loader key: what to read on the target (fields,
 * relations, equality filters with their values) and the parent's key values. Equal requests share one load.
 */
record RelationRequest(
        List<String> fields,
        List<String> relations,
        List<String> filterFields,
        List<Object> filterValues,
        RowConditions conditions,
        List<ColumnMask> masks,
        List<Object> key) {
    RelationRequest {
        fields = List.copyOf(fields);
        relations = List.copyOf(relations);
        filterFields = List.copyOf(filterFields);
        filterValues = List.copyOf(filterValues);
        masks = List.copyOf(masks);
        key = List.copyOf(key);
    }

    /** The part of the request that decides the shape of the source query; keys differ within one batch. */
    ShapeGroup group() {
        return new ShapeGroup(fields, relations, filterFields, filterValues, conditions, masks);
    }

    record ShapeGroup(
            List<String> fields,
            List<String> relations,
            List<String> filterFields,
            List<Object> filterValues,
            RowConditions conditions,
            List<ColumnMask> masks) {}
}
