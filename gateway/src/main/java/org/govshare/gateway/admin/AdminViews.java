package org.govshare.gateway.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.govshare.gateway.catalog.CatalogRecord;
import org.govshare.policy.store.GrantCatalogCheck;
import org.govshare.policy.store.PolicyVersion;
import org.jspecify.annotations.Nullable;

/**
 * What the admin API answers, one record per type of its schema (same names, same fields): Spring for GraphQL reads
 * each field from the record component of its name.
 */
final class AdminViews {
    private AdminViews() {}

    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The caller of the admin API, as its token says. */
    record AdminIdentity(String subject, boolean authority, List<String> stewardOf) {
        AdminIdentity {
            requireNonNull(subject, "subject is null");
            stewardOf = List.copyOf(stewardOf);
        }
    }

    /** One audited operation that touched a subject, with the fields the caller may see. */
    record AccessRecord(
            long sequence,
            OffsetDateTime at,
            String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId,
            List<String> fields,
            List<String> verifiedFields,
            String outcome,
            List<String> codes,
            @Nullable String job) {
        AccessRecord {
            fields = List.copyOf(fields);
            verifiedFields = List.copyOf(verifiedFields);
            codes = List.copyOf(codes);
        }
    }

    /** Operations of one consumer for one purpose in one period. */
    record Usage(
            OffsetDateTime period,
            String consumer,
            @Nullable String purpose,
            long allowed,
            long withoutData,
            long denied) {}

    /** The result of checking the audit chain. */
    record ChainCheck(
            boolean ok,
            long records,
            @Nullable OffsetDateTime firstBrokenAt,
            @Nullable Long firstBrokenSequence,
            @Nullable String problem) {}

    /** A grant as the admin API shows it. */
    record Grant(
            String id,
            String consumer,
            String purpose,
            List<GrantedField> fields,
            List<String> rowFilters,
            OffsetDateTime validFrom,
            OffsetDateTime validUntil,
            String status,
            boolean inForce,
            int requestsPerSecond,
            int mismatchesPerSubjectPerDay,
            int distinctSubjectsPerDay,
            int rowsPerPage,
            int lookupMissesPerDay,
            List<String> claimBindings,
            int batchSubjectsPerJob,
            int batchSubjectsPerDay,
            String batchResultRetention) {
        Grant {
            fields = List.copyOf(fields);
            rowFilters = List.copyOf(rowFilters);
            claimBindings = List.copyOf(claimBindings);
        }
    }

    record GrantedField(
            String field, String access, @Nullable String mask) {}

    record PolicyVersionInfo(long version, OffsetDateTime createdAt, String author, String reason) {
        static PolicyVersionInfo of(PolicyVersion version) {
            return new PolicyVersionInfo(
                    version.version(), time(version.createdAt()), version.author(), version.reason());
        }
    }

    /** A grant that differs between two versions, as it was at each. */
    record GrantChange(
            String grantId,
            @Nullable Grant before,
            @Nullable Grant after,
            List<String> summary) {
        GrantChange {
            summary = List.copyOf(summary);
        }
    }

    record Impact(
            String consumer,
            int operations,
            List<ImpactedOperation> newlyRefused,
            List<ImpactedOperation> newlyAllowed) {
        Impact {
            newlyRefused = List.copyOf(newlyRefused);
            newlyAllowed = List.copyOf(newlyAllowed);
        }
    }

    record ImpactedOperation(
            @Nullable String purpose,
            String operation,
            List<String> fields,
            long requests,
            List<String> refusedFields,
            @Nullable String refusedBecause) {
        ImpactedOperation {
            fields = List.copyOf(fields);
            refusedFields = List.copyOf(refusedFields);
        }
    }

    record Minimisation(
            String grantId,
            String consumer,
            String purpose,
            List<String> usedFields,
            List<String> unusedFields,
            @Nullable GrantChangeProposal proposal) {
        Minimisation {
            usedFields = List.copyOf(usedFields);
            unusedFields = List.copyOf(unusedFields);
        }
    }

    record GrantChangeProposal(String grantId, List<String> removeFields) {
        GrantChangeProposal {
            removeFields = List.copyOf(removeFields);
        }
    }

    record CatalogVersionInfo(
            long version,
            OffsetDateTime createdAt,
            String author,
            String reason,
            String digest,
            List<String> files,
            boolean serving) {
        CatalogVersionInfo {
            files = List.copyOf(files);
        }

        static CatalogVersionInfo of(CatalogRecord record, long serving) {
            return new CatalogVersionInfo(
                    record.version(),
                    time(record.createdAt()),
                    record.author(),
                    record.reason(),
                    record.digest(),
                    List.copyOf(record.files()),
                    serving == record.version());
        }
    }

    record CatalogReload(
            String outcome, CatalogVersionInfo version, List<String> problems, List<GrantProblem> grantProblems) {
        CatalogReload {
            problems = List.copyOf(problems);
            grantProblems = List.copyOf(grantProblems);
        }
    }

    record GrantProblem(String grantId, String field, String problem) {
        static GrantProblem of(GrantCatalogCheck.Problem problem) {
            return new GrantProblem(problem.grantId(), problem.field(), problem.problem());
        }
    }

    record GrantImport(
            boolean imported,
            @Nullable PolicyVersionInfo version,
            List<String> changed,
            List<String> unchanged,
            List<String> problems) {
        GrantImport {
            changed = List.copyOf(changed);
            unchanged = List.copyOf(unchanged);
            problems = List.copyOf(problems);
        }
    }
}
