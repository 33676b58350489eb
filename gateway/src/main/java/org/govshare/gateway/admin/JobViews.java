package org.govshare.gateway.admin;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import org.govshare.gateway.job.Job;
import org.jspecify.annotations.Nullable;

/**
 * What {@code verificationJobs} answers, one record per type of the admin schema (same names, same fields): a job's
 * who, why and how far, never a subject, a claim value or an outcome.
 */
final class JobViews {
    private JobViews() {}

    record VerificationJobConnection(List<VerificationJobEdge> edges, VerificationJobPageInfo pageInfo) {
        VerificationJobConnection {
            edges = List.copyOf(edges);
            requireNonNull(pageInfo, "pageInfo is null");
        }
    }

    record VerificationJobEdge(String cursor, VerificationJob node) {
        VerificationJobEdge {
            requireNonNull(cursor, "cursor is null");
            requireNonNull(node, "node is null");
        }
    }

    record VerificationJobPageInfo(
            boolean hasNextPage, @Nullable String endCursor) {}

    record VerificationJob(
            String id,
            String consumer,
            String purpose,
            String type,
            Job.State state,
            int total,
            int done,
            int pending,
            List<VerificationJobSource> sources,
            @Nullable String pendingReason,
            boolean perSubjectClaims,
            @Nullable String caseId,
            @Nullable String operatorId,
            OffsetDateTime submittedAt,
            @Nullable OffsetDateTime finishedAt,
            OffsetDateTime resultsExpireAt) {
        VerificationJob {
            requireNonNull(id, "id is null");
            sources = List.copyOf(sources);
        }

        /** The view of a stored job; {@code source} is the source of its type, null when the catalog has it no more. */
        static VerificationJob of(Job job, @Nullable String source) {
            int pending = job.state() == Job.State.RUNNING ? job.total() - job.done() : 0;
            List<VerificationJobSource> sources = source == null
                    ? List.of()
                    : List.of(new VerificationJobSource(source, job.total(), job.done(), pending, job.pendingReason()));
            return new VerificationJob(
                    job.id(),
                    job.consumer(),
                    job.purpose(),
                    job.type(),
                    job.state(),
                    job.total(),
                    job.done(),
                    pending,
                    sources,
                    job.pendingReason(),
                    job.perSubject(),
                    job.caseId(),
                    job.operatorId(),
                    AdminViews.time(job.submittedAt()),
                    job.finishedAt() == null ? null : AdminViews.time(job.finishedAt()),
                    AdminViews.time(job.expiresAt()));
        }
    }

    record VerificationJobSource(
            String source,
            int total,
            int done,
            int pending,
            @Nullable String waiting) {}
}
