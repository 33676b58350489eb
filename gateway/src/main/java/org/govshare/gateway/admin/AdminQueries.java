package org.govshare.gateway.admin;

import graphql.schema.DataFetchingEnvironment;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.subject.Subject;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;

/** The audit part of the admin API: access log by subject, use per consumer and purpose, and the chain check. */
final class AdminQueries {
    private final AuditTrail trail;
    private final SubjectDigests digests;
    private final Supplier<Catalog> catalog;

    AdminQueries(AuditTrail trail, SubjectDigests digests, Supplier<Catalog> catalog) {
        this.trail = trail;
        this.digests = digests;
        this.catalog = catalog;
    }

    static Map<String, Object> me(DataFetchingEnvironment environment) {
        AdminCaller caller = caller(environment);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("subject", caller.subject());
        shown.put("authority", caller.authority());
        shown.put("stewardOf", caller.stewardOf().stream().sorted().toList());
        return shown;
    }

    List<Map<String, Object>> accessLog(DataFetchingEnvironment environment) throws SQLException {
        AdminCaller caller = caller(environment);
        Subject subject = subject(environment.getArgument("subject"));
        List<Map<String, Object>> records = new ArrayList<>();
        for (AuditTrail.AccessRecord record :
                trail.accessLog(digests.digest(subject), from(environment), to(environment))) {
            List<String> fields = new ArrayList<>();
            List<String> verified = new ArrayList<>();
            for (String use : record.fields()) {
                int colon = use.lastIndexOf(':');
                String coordinate = colon < 0 ? use : use.substring(0, colon);
                if (!caller.authority() && !stewardsField(caller, coordinate)) {
                    continue;
                }
                fields.add(coordinate);
                if (use.endsWith(":VERIFY")) {
                    verified.add(coordinate);
                }
            }
            if (!caller.authority() && fields.isEmpty()) {
                continue;
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("sequence", record.sequence());
            shown.put("at", time(record.at()));
            shown.put("consumer", record.consumer());
            shown.put("purpose", record.purpose());
            shown.put("caseId", record.caseId());
            shown.put("operatorId", record.operatorId());
            shown.put("fields", fields);
            shown.put("verifiedFields", verified);
            shown.put("outcome", record.outcome());
            // A verification job's records name it by a code of their own (JOB:<id>), shown as the record's job.
            shown.put(
                    "codes",
                    record.codes().stream()
                            .filter(code -> !code.startsWith("JOB:"))
                            .toList());
            shown.put(
                    "job",
                    record.codes().stream()
                            .filter(code -> code.startsWith("JOB:"))
                            .map(code -> code.substring("JOB:".length()))
                            .findFirst()
                            .orElse(null));
            records.add(shown);
        }
        return records;
    }

    List<Map<String, Object>> usage(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        String period = environment.getArgument("period");
        List<Map<String, Object>> usage = new ArrayList<>();
        for (AuditTrail.Usage row : trail.usage(
                from(environment), to(environment), AuditTrail.Period.valueOf(period == null ? "DAY" : period))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("period", time(row.period()));
            shown.put("consumer", row.consumer());
            shown.put("purpose", row.purpose());
            shown.put("allowed", row.allowed());
            shown.put("withoutData", row.allowedWithoutData());
            shown.put("denied", row.denied());
            usage.add(shown);
        }
        return usage;
    }

    Map<String, Object> verifyAuditChain(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        AuditTrail.ChainCheck check = trail.verifyChain(from(environment), to(environment));
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("ok", check.ok());
        shown.put("records", check.records());
        shown.put("firstBrokenAt", check.firstBrokenAt() == null ? null : time(check.firstBrokenAt()));
        shown.put("firstBrokenSequence", check.firstBrokenSequence());
        shown.put("problem", check.problem());
        return shown;
    }

    /** A subject by its identifier: a resident ID number or a unified social credit code, normalised. */
    private static Subject subject(@Nullable String raw) {
        if (raw != null) {
            for (IdentifierScheme scheme : IdentifierScheme.values()) {
                Optional<String> normalized = scheme.normalize(raw);
                if (normalized.isPresent()) {
                    return new Subject(scheme.name(), normalized.get());
                }
            }
        }
        throw new GovshareException(
                ErrorCode.INVALID_ARGUMENT, "subject must be a resident ID number or a unified social credit code");
    }

    private boolean stewardsField(AdminCaller caller, String coordinate) {
        try {
            FieldCoordinate field = FieldCoordinate.parse(coordinate);
            return catalog.get()
                    .type(field.type())
                    .map(CatalogType::source)
                    .filter(caller.stewardOf()::contains)
                    .isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static AdminCaller requireAuthority(DataFetchingEnvironment environment) {
        AdminCaller caller = caller(environment);
        if (!caller.authority()) {
            throw new GovshareException(ErrorCode.FORBIDDEN_FIELD, "only the authority may use this field");
        }
        return caller;
    }

    static AdminCaller caller(DataFetchingEnvironment environment) {
        AdminCaller caller = environment.getGraphQlContext().get(AdminCaller.class);
        if (caller == null) {
            throw new GovshareException(ErrorCode.UNAUTHENTICATED, "no admin caller");
        }
        return caller;
    }

    private static @Nullable Instant from(DataFetchingEnvironment environment) {
        OffsetDateTime from = environment.getArgument("from");
        return from == null ? null : from.toInstant();
    }

    private static @Nullable Instant to(DataFetchingEnvironment environment) {
        OffsetDateTime to = environment.getArgument("to");
        return to == null ? null : to.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
