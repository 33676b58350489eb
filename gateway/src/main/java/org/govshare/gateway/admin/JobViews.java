package org.govshare.gateway.admin;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.govshare.gateway.job.Job;
import org.govshare.gateway.job.VerificationJobs;
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

        /**
         * The view of a job's progress, with its progress at each of {@code shown} (every source it touches when
         * null: the authority's view; a steward's own sources otherwise).
         */
        static VerificationJob of(VerificationJobs.Progress progress, @Nullable Set<String> shown) {
            Job job = progress.job();
            int pending = progress.pending();
            List<VerificationJobSource> sources = progress.sources().stream()
                    .filter(each -> shown == null || shown.contains(each.source()))
                    .map(each -> new VerificationJobSource(
                            each.source(), each.total(), each.done(), each.pending(), each.waiting()))
                    .toList();
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
