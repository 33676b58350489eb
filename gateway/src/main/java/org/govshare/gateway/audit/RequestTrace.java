package org.govshare.gateway.audit;

import graphql.GraphQLContext;
import graphql.language.Document;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.Subject;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.evaluation.FieldUse;
import org.jspecify.annotations.Nullable;

/**
 * What one request did, as the audit trail and the subject quotas need it: the field uses and the decision, the
 * subjects whose records were read or verified, the subjects it named by key (found or not), and the rows each source
 * returned. Put in the GraphQL context by the audit interceptor; filled by the access decision and the read and
 * verification paths, on whichever threads they run.
 */
public final class RequestTrace implements RequestRecord {
    private volatile @Nullable List<FieldUse> uses;
    private volatile @Nullable Allowed allowed;
    private volatile @Nullable Document document;
    private volatile boolean administrative;
    private final Set<Subject> subjects = ConcurrentHashMap.newKeySet();
    private final Set<Subject> named = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> rows = new ConcurrentHashMap<>();

    /** The trace of the request whose context this is, or null outside the HTTP pipeline (benchmarks). */
    public static @Nullable RequestTrace of(GraphQLContext context) {
        return RequestRecord.of(context) instanceof RequestTrace trace ? trace : null;
    }

    /** The request's document as graphql-java parsed it (so the audit record need not parse it again). */
    @Override
    public void parsed(Document parsedDocument) {
        this.document = parsedDocument;
    }

    /**
     * The request runs on the admin API's schema, not the catalog's: it reads no catalog field, and whom it concerns
     * is what its {@link #named} subjects say.
     */
    @Override
    public void administrative() {
        this.administrative = true;
    }

    public boolean isAdministrative() {
        return administrative;
    }

    /** The fields the operation uses, as the access decision walked them. */
    @Override
    public void used(List<FieldUse> fieldUses) {
        this.uses = List.copyOf(fieldUses);
    }

    /** The operation was allowed to run under this decision. */
    @Override
    public void allowed(Allowed decision) {
        this.allowed = decision;
    }

    /** A record about {@code subject} was read or verified. */
    @Override
    public void touched(Subject subject) {
        subjects.add(subject);
    }

    /**
     * The request looked {@code subject} up or verified it by key: the audit trail attributes the attempt to it
     * whether a record was found or not (a miss is a guess at that key).
     */
    @Override
    public void named(Subject subject) {
        named.add(subject);
    }

    /** {@code source} returned {@code count} rows. */
    @Override
    public void read(String source, int count) {
        rows.computeIfAbsent(source, name -> new LongAdder()).add(count);
    }

    public @Nullable List<FieldUse> uses() {
        return uses;
    }

    public @Nullable Document document() {
        return document;
    }

    public @Nullable Allowed allowed() {
        return allowed;
    }

    /** The subjects whose records were read or verified: what the distinct-subject quotas count. */
    public Set<Subject> subjects() {
        return Set.copyOf(subjects);
    }

    /** The subjects named by key, found or not. */
    public Set<Subject> named() {
        return Set.copyOf(named);
    }

    public Map<String, Long> rows() {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach((source, count) -> counts.put(source, count.sum()));
        return counts;
    }
}
