package org.govshare.gateway.request;

import graphql.GraphQLContext;
import graphql.language.Document;
import java.util.List;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.FieldUse;
import org.jspecify.annotations.Nullable;

/**
 * The one way a stage of the request writes what the request did: the parsed document, the field uses and the
 * decision, the subjects read, verified or named, and the rows each source returned. The audit interceptor puts
 * the request's record in the GraphQL context under this type and reads it back when the operation is over; the
 * writers, on whichever threads they run, see only these methods.
 */
public interface RequestRecord {
    /** The record of the request whose context this is, or null outside the HTTP pipeline (benchmarks). */
    static @Nullable RequestRecord of(GraphQLContext context) {
        return context.get(RequestRecord.class);
    }

    /** The request's document as graphql-java parsed it (so the audit record need not parse it again). */
    void parsed(Document parsedDocument);

    /**
     * The request runs on the admin API's schema, not the catalog's: it reads no catalog field, and whom it concerns
     * is what its named subjects say.
     */
    void administrative();

    /** The fields the operation uses, as the access decision walked them. */
    void used(List<FieldUse> fieldUses);

    /** The operation was allowed to run under this decision. */
    void allowed(Allowed decision);

    /** A record about {@code subject} was read or verified. */
    void touched(Subject subject);

    /**
     * The request looked {@code subject} up or verified it by key: the audit trail attributes the attempt to it
     * whether a record was found or not (a miss is a guess at that key).
     */
    void named(Subject subject);

    /** {@code source} returned {@code count} rows. */
    void read(String source, int count);
}
