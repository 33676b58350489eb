package org.govshare.gateway.admin;

import graphql.schema.DataFetchingEnvironment;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.workflow.WorkflowInputs;
import org.govshare.gateway.workflow.WorkflowViews;
import org.govshare.policy.evaluation.Decision;
import org.govshare.policy.evaluation.DeniedField;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Refused;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.store.GrantChange;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.store.PolicyVersion;
import org.govshare.policy.workflow.Actor;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ItemStatus;
import org.govshare.policy.workflow.ShareRequests;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;

/**
 * The workflow part of the admin API: the share-request inbox and answers, arbitration, grants and policy versions
 * (change, diff, rollback), the impact of a change before it is made, minimisation, and corrections. Stewards act on
 * their own sources; grants and versions are the authority's.
 */
final class AdminWorkflow {
    private final Supplier<Catalog> catalog;
    private final ShareRequests requests;
    private final Corrections corrections;
    private final JdbcPolicyAdministration administration;
    private final PolicyService policies;
    private final PolicyChanges changes;
    private final AuditTrail trail;

    AdminWorkflow(
            Supplier<Catalog> catalog,
            ShareRequests requests,
            Corrections corrections,
            JdbcPolicyAdministration administration,
            PolicyService policies,
            PolicyChanges changes,
            AuditTrail trail) {
        this.catalog = catalog;
        this.requests = requests;
        this.corrections = corrections;
        this.administration = administration;
        this.policies = policies;
        this.changes = changes;
        this.trail = trail;
    }

    Object catalog(DataFetchingEnvironment environment) {
        return WorkflowViews.catalog(
                catalog.get(),
                environment.getArgument("search"),
                environment.getArgument("source"),
                environment.getArgument("level"),
                environment.getArgument("shareType"));
    }

    Object inbox(DataFetchingEnvironment environment) throws SQLException {
        List<ItemStatus> statuses = new ArrayList<>();
        List<String> given = environment.getArgument("statuses");
        for (String status : given == null ? List.<String>of() : given) {
            try {
                statuses.add(ItemStatus.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw invalid("unknown status " + status);
            }
        }
        return requests
                .inbox(actor(environment), statuses, Boolean.TRUE.equals(environment.getArgument("overdueOnly")))
                .stream()
                .map(WorkflowViews::shareRequest)
                .toList();
    }

    Object answer(DataFetchingEnvironment environment) throws SQLException {
        List<ShareRequests.Answer> answers = new ArrayList<>();
        List<Map<String, Object>> given = environment.getArgument("answers");
        for (Map<String, Object> answer : given) {
            Object access = answer.get("access");
            answers.add(new ShareRequests.Answer(
                    WorkflowInputs.field(String.valueOf(answer.get("field"))),
                    Boolean.TRUE.equals(answer.get("approve")),
                    access == null ? null : WorkflowInputs.access(String.valueOf(access))));
        }
        var answered = requests.answer(
                WorkflowInputs.id(environment.getArgument("id")),
                answers,
                actor(environment),
                environment.getArgument("reason"));
        changes.changed();
        return WorkflowViews.shareRequest(answered);
    }

    Object arbitrate(DataFetchingEnvironment environment) throws SQLException {
        var arbitrated = requests.arbitrate(
                WorkflowInputs.id(environment.getArgument("id")),
                WorkflowInputs.field(environment.getArgument("field")),
                Boolean.TRUE.equals(environment.getArgument("grant")),
                actor(environment),
                environment.getArgument("reason"));
        changes.changed();
        return WorkflowViews.shareRequest(arbitrated);
    }

    Object grants(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        Instant now = policies.now();
        return administration.grants(environment.getArgument("consumer")).stream()
                .map(grant -> GrantChanges.view(grant, now))
                .toList();
    }

    Object versions(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        Integer limit = environment.getArgument("limit");
        return administration.versions().stream()
                .limit(limit == null ? 50 : Math.max(1, limit))
                .map(AdminWorkflow::version)
                .toList();
    }

    Object diff(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        long from = ((Number) environment.getArgument("from")).longValue();
        long to = ((Number) environment.getArgument("to")).longValue();
        Instant now = policies.now();
        List<Map<String, Object>> diff = new ArrayList<>();
        for (GrantChange change : administration.diff(from, to)) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("grantId", change.grantId());
            shown.put("before", change.before() == null ? null : GrantChanges.view(change.before(), now));
            shown.put("after", change.after() == null ? null : GrantChanges.view(change.after(), now));
            shown.put("summary", GrantChanges.summary(change.before(), change.after()));
            diff.add(shown);
        }
        return diff;
    }

    Object changeGrant(DataFetchingEnvironment environment) throws SQLException {
        AdminCaller caller = requireAuthority(environment);
        Map<String, Object> change = environment.getArgument("change");
        Grant current = grant(String.valueOf(change.get("grantId")));
        Grant changed = GrantChanges.apply(current, change);
        PolicyVersion version = administration.apply(
                List.of(new JdbcPolicyAdministration.Put(changed)), caller.subject(), reason(environment));
        changes.changed();
        return version(version);
    }

    Object rollback(DataFetchingEnvironment environment) throws SQLException {
        AdminCaller caller = requireAuthority(environment);
        long to = ((Number) environment.getArgument("toVersion")).longValue();
        if (administration.versions().stream().noneMatch(version -> version.version() == to)) {
            throw invalid("there is no policy version " + to);
        }
        PolicyVersion version = administration.rollback(to, caller.subject(), reason(environment));
        changes.changed();
        return version(version);
    }

    /**
     * Replays what the grant's consumer did over the last days against the policy as it would be after the change:
     * every recorded operation shape whose decision would flip, and how often it ran.
     */
    Object impact(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        Map<String, Object> change = environment.getArgument("change");
        Grant current = grant(String.valueOf(change.get("grantId")));
        Grant proposed = GrantChanges.apply(current, change);
        PolicySnapshot now = policies.current();
        List<Grant> grants = new ArrayList<>();
        for (Grant grant : administration.grants(null)) {
            grants.add(grant.id().equals(proposed.id()) ? proposed : grant);
        }
        PolicySnapshot after = new PolicySnapshot(now.version() + 1, grants);
        Instant at = policies.now();
        List<Map<String, Object>> refused = new ArrayList<>();
        List<Map<String, Object>> allowed = new ArrayList<>();
        List<AuditTrail.RecordedShape> shapes = trail.recordedShapes(current.consumer(), since(environment));
        for (AuditTrail.RecordedShape shape : shapes) {
            if (shape.purpose() == null) {
                continue;
            }
            List<FieldUse> uses = uses(shape.fieldUses());
            Decision before = PolicyDecider.decide(now, current.consumer(), shape.purpose(), uses, at);
            Decision later = PolicyDecider.decide(after, current.consumer(), shape.purpose(), uses, at);
            if (!(before instanceof Refused) && later instanceof Refused refusal) {
                refused.add(impacted(shape, uses, refusal));
            } else if (before instanceof Refused && !(later instanceof Refused)) {
                allowed.add(impacted(shape, uses, null));
            }
        }
        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("consumer", current.consumer());
        impact.put("operations", shapes.size());
        impact.put("newlyRefused", refused);
        impact.put("newlyAllowed", allowed);
        return impact;
    }

    Object minimisation(DataFetchingEnvironment environment) throws SQLException {
        requireAuthority(environment);
        Instant since = since(environment);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Grant grant : administration.grants(environment.getArgument("consumer"))) {
            Set<String> used = trail.usedFields(grant.consumer(), grant.purpose(), since);
            TreeSet<String> granted = new TreeSet<>();
            grant.fields().keySet().forEach(field -> granted.add(field.toString()));
            List<String> unused =
                    granted.stream().filter(field -> !used.contains(field)).toList();
            List<String> usedGranted = granted.stream().filter(used::contains).toList();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("grantId", grant.id());
            report.put("consumer", grant.consumer());
            report.put("purpose", grant.purpose());
            report.put("usedFields", usedGranted);
            report.put("unusedFields", unused);
            report.put("proposal", unused.isEmpty() ? null : Map.of("grantId", grant.id(), "removeFields", unused));
            reports.add(report);
        }
        return reports;
    }

    Object corrections(DataFetchingEnvironment environment) throws SQLException {
        return corrections.inbox(actor(environment)).stream()
                .map(WorkflowViews::correction)
                .toList();
    }

    Object resolveCorrection(DataFetchingEnvironment environment) throws SQLException {
        return WorkflowViews.correction(corrections.resolve(
                WorkflowInputs.id(environment.getArgument("id")),
                actor(environment),
                Boolean.TRUE.equals(environment.getArgument("accept")),
                environment.getArgument("note")));
    }

    private static Map<String, Object> impacted(
            AuditTrail.RecordedShape shape, List<FieldUse> uses, @Nullable Refused refusal) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("purpose", shape.purpose());
        shown.put("operation", shape.operation());
        shown.put("fields", shape.fieldUses());
        shown.put("requests", shape.requests());
        List<String> refusedFields = List.of();
        if (refusal != null) {
            // A refusal of the whole purpose (no grant, expired, suspended) names no field: it refuses them all.
            refusedFields = (refusal.denied().isEmpty()
                            ? uses.stream().map(FieldUse::field)
                            : refusal.denied().stream().map(DeniedField::field))
                    .map(FieldCoordinate::toString)
                    .distinct()
                    .sorted()
                    .toList();
        }
        shown.put("refusedFields", refusedFields);
        shown.put("refusedBecause", refusal == null ? null : refusal.reason().name());
        return shown;
    }

    /** Field uses as the audit trail records them ({@code Resident.name:READ}). */
    private static List<FieldUse> uses(List<String> recorded) {
        List<FieldUse> uses = new ArrayList<>();
        for (String use : recorded) {
            int colon = use.lastIndexOf(':');
            FieldCoordinate field = FieldCoordinate.parse(use.substring(0, colon));
            uses.add(new FieldUse(field, Access.valueOf(use.substring(colon + 1)), List.of(field.field())));
        }
        return uses;
    }

    private Grant grant(String id) throws SQLException {
        return administration.grant(id).orElseThrow(() -> invalid("there is no grant " + id));
    }

    static Map<String, Object> version(PolicyVersion version) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("version", version.version());
        shown.put("createdAt", version.createdAt().atOffset(java.time.ZoneOffset.UTC));
        shown.put("author", version.author());
        shown.put("reason", version.reason());
        return shown;
    }

    private static Instant since(DataFetchingEnvironment environment) {
        Integer days = environment.getArgument("days");
        return Instant.now().minus(Duration.ofDays(days == null ? 30 : Math.max(1, days)));
    }

    private static String reason(DataFetchingEnvironment environment) {
        String reason = environment.getArgument("reason");
        if (reason == null || reason.isBlank()) {
            throw invalid("a policy change must state its reason");
        }
        return reason;
    }

    private static Actor actor(DataFetchingEnvironment environment) {
        AdminCaller caller = AdminQueries.caller(environment);
        return new Actor(caller.subject(), caller.authority(), caller.stewardOf());
    }

    private static AdminCaller requireAuthority(DataFetchingEnvironment environment) {
        return AdminQueries.requireAuthority(environment);
    }

    private static GovshareException invalid(String message) {
        return WorkflowInputs.invalid(message);
    }
}
