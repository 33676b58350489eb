package org.govshare.gateway.read;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One use of a relation by one parent record, as a data loader key: the planned relation it runs, the relation
 * arguments given with their values, how many parents its level may have, and the parent's key values. Equal
 * requests share one load.
 */
record RelationRequest(
        OperationPlan.Relation read,
        List<String> filterFields,
        List<Object> filterValues,
        int parents,
        List<Object> key) {
    RelationRequest {
        requireNonNull(read, "read is null");
        filterFields = List.copyOf(filterFields);
        filterValues = List.copyOf(filterValues);
        key = List.copyOf(key);
    }

    /** The part of the request that decides its statement; keys differ within one batch. */
    ShapeGroup group() {
        return new ShapeGroup(read, filterFields, filterValues, parents);
    }

    /** Requests of one planned relation (by identity: one per field path), with equal arguments and parents. */
    record ShapeGroup(OperationPlan.Relation read, List<String> filterFields, List<Object> filterValues, int parents) {}
}
