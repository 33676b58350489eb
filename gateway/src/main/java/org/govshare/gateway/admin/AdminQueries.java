package org.govshare.gateway.admin;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.Explainer;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.job.JobCodes;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;

/**
 * The audit part of the admin API: who is calling, {@code explain}, the access log by subject, use per consumer and
 * purpose, and the chain check. Who may use each field is declared in the schema ({@link AdminAuthorization});
 * a steward sees only what concerns its own sources.
 */
@AdminController
final class AdminQueries {
    private final AuditTrail trail;
    private final SubjectDigests digests;
    private final LiveCatalog live;

    AdminQueries(AuditTrail trail, SubjectDigests digests, LiveCatalog live) {
        this.trail = trail;
        this.digests = digests;
        this.live = live;
    }

    @QueryMapping
    AdminViews.AdminIdentity me(Caller caller) {
        return new AdminViews.AdminIdentity(
                caller.consumer(),
                caller.roles().authority(),
                caller.roles().stewardOf().stream().sorted().toList());
    }

    /** Explained on the catalog version serving now, by that version's own planner; a steward's on its sources. */
    @QueryMapping
    Explainer.Explanation explain(
            Caller caller, @Argument String consumer, @Argument String purpose, @Argument String document) {
        return live.current()
                .explainer()
                .explain(
                        consumer,
                        purpose,
                        document,
                        caller.isAdmin() ? null : caller.roles().stewardOf());
    }

    @QueryMapping
    List<AdminViews.AccessRecord> accessLog(
            Caller caller,
            @Argument String subject,
            @Argument @Nullable OffsetDateTime from,
            @Argument @Nullable OffsetDateTime to)
            throws SQLException {
        Subject named = AdminAuthorization.subject(subject)
                .orElseThrow(() -> new GovshareException(
                        ErrorCode.INVALID_ARGUMENT,
                        "subject must be a resident ID number or a unified social credit code"));
        List<AdminViews.AccessRecord> records = new ArrayList<>();
        for (AuditTrail.AccessRecord record : trail.accessLog(digests.digest(named), instant(from), instant(to))) {
            List<String> fields = new ArrayList<>();
            List<String> verified = new ArrayList<>();
            for (String use : record.fields()) {
                int colon = use.lastIndexOf(':');
                String coordinate = colon < 0 ? use : use.substring(0, colon);
                if (!caller.isAdmin() && !stewardsField(caller, coordinate)) {
                    continue;
                }
                fields.add(coordinate);
                if (use.endsWith(":VERIFY")) {
                    verified.add(coordinate);
                }
            }
            if (!caller.isAdmin() && fields.isEmpty()) {
                continue;
            }
            // A verification job's records name it by a code of their own (JOB:<id>), shown as the record's job.
            records.add(new AdminViews.AccessRecord(
                    record.sequence(),
                    AdminViews.time(record.at()),
                    record.consumer(),
                    record.purpose(),
                    record.caseId(),
                    record.operatorId(),
                    fields,
                    verified,
                    record.outcome(),
                    JobCodes.withoutJob(record.codes()),
                    JobCodes.jobOf(record.codes())));
        }
        return records;
    }

    @QueryMapping
    List<AdminViews.Usage> usage(
            @Argument @Nullable OffsetDateTime from,
            @Argument @Nullable OffsetDateTime to,
            @Argument AuditTrail.Period period)
            throws SQLException {
        return trail.usage(instant(from), instant(to), period).stream()
                .map(row -> new AdminViews.Usage(
                        AdminViews.time(row.period()),
                        row.consumer(),
                        row.purpose(),
                        row.allowed(),
                        row.allowedWithoutData(),
                        row.denied()))
                .toList();
    }

    @QueryMapping
    AdminViews.ChainCheck verifyAuditChain(
            @Argument @Nullable OffsetDateTime from, @Argument @Nullable OffsetDateTime to) throws SQLException {
        AuditTrail.ChainCheck check = trail.verifyChain(instant(from), instant(to));
        return new AdminViews.ChainCheck(
                check.ok(),
                check.records(),
                check.firstBrokenAt() == null ? null : AdminViews.time(check.firstBrokenAt()),
                check.firstBrokenSequence(),
                check.problem());
    }

    private boolean stewardsField(Caller caller, String coordinate) {
        try {
            FieldCoordinate field = FieldCoordinate.parse(coordinate);
            return live.current()
                    .catalog()
                    .type(field.type())
                    .map(CatalogType::source)
                    .filter(caller.roles().stewardOf()::contains)
                    .isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static java.time.@Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
