package org.govshare.gateway.admin;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.catalog.LiveCatalog;
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
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ItemStatus;
import org.govshare.policy.workflow.ShareRequests;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;

/**
 * The workflow part of the admin API: the share-request inbox and answers, arbitration, grants and policy versions
 * (change, diff, rollback), the impact of a change before it is made, minimisation, and corrections. Who may use each
 * field is declared in the schema ({@link AdminAuthorization}); stewards act on their own sources.
 */
@AdminController
final class AdminWorkflow {
    private final LiveCatalog live;
    private final ShareRequests requests;
    private final Corrections corrections;
    private final JdbcPolicyAdministration administration;
    private final PolicyService policies;
    private final PolicyChanges changes;
    private final AuditTrail trail;

    AdminWorkflow(
            LiveCatalog live,
            ShareRequests requests,
            Corrections corrections,
            JdbcPolicyAdministration administration,
            PolicyService policies,
            PolicyChanges changes,
            AuditTrail trail) {
        this.live = live;
        this.requests = requests;
        this.corrections = corrections;
        this.administration = administration;
        this.policies = policies;
        this.changes = changes;
        this.trail = trail;
    }

    @QueryMapping
    List<WorkflowViews.CatalogResource> catalog(
            @Argument @Nullable String search,
            @Argument @Nullable String source,
            @Argument @Nullable String level,
            @Argument @Nullable String shareType) {
        return WorkflowViews.catalog(live.current().catalog(), search, source, level, shareType);
    }

    @QueryMapping
    List<WorkflowViews.ShareRequestView> shareRequestInbox(
            Caller caller, @Argument @Nullable List<String> statuses, @Argument boolean overdueOnly)
            throws SQLException {
        List<ItemStatus> wanted = new ArrayList<>();
        for (String status : statuses == null ? List.<String>of() : statuses) {
            try {
                wanted.add(ItemStatus.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw invalid("unknown status " + status);
            }
        }
        return requests.inbox(caller.actor(), wanted, overdueOnly).stream()
                .map(WorkflowViews::shareRequest)
                .toList();
    }

    @MutationMapping
    WorkflowViews.ShareRequestView answerShareRequest(
            Caller caller,
            @Argument String id,
            @Argument List<AdminInputs.FieldAnswer> answers,
            @Argument @Nullable String reason)
            throws SQLException {
        List<ShareRequests.Answer> given = answers.stream()
                .map(answer -> new ShareRequests.Answer(
                        WorkflowInputs.field(answer.field()),
                        answer.approve(),
                        answer.access() == null ? null : WorkflowInputs.access(answer.access())))
                .toList();
        var answered = requests.answer(WorkflowInputs.id(id), given, caller.actor(), reason);
        changes.changed();
        return WorkflowViews.shareRequest(answered);
    }

    @MutationMapping
    WorkflowViews.ShareRequestView arbitrateShareRequest(
            Caller caller,
            @Argument String id,
            @Argument String field,
            @Argument boolean grant,
            @Argument String reason)
            throws SQLException {
        var arbitrated =
                requests.arbitrate(WorkflowInputs.id(id), WorkflowInputs.field(field), grant, caller.actor(), reason);
        changes.changed();
        return WorkflowViews.shareRequest(arbitrated);
    }

    @QueryMapping
    List<AdminViews.Grant> grants(@Argument @Nullable String consumer) throws SQLException {
        Instant now = policies.now();
        return administration.grants(consumer).stream()
                .map(grant -> GrantChanges.view(grant, now))
                .toList();
    }

    @QueryMapping
    List<AdminViews.PolicyVersionInfo> policyVersions(@Argument int limit) throws SQLException {
        return administration.versions().stream()
                .limit(Math.max(1, limit))
                .map(AdminViews.PolicyVersionInfo::of)
                .toList();
    }

    @QueryMapping
    List<AdminViews.GrantChange> policyDiff(@Argument long from, @Argument long to) throws SQLException {
        Instant now = policies.now();
        List<AdminViews.GrantChange> diff = new ArrayList<>();
        for (GrantChange change : administration.diff(from, to)) {
            diff.add(new AdminViews.GrantChange(
                    change.grantId(),
                    change.before() == null ? null : GrantChanges.view(change.before(), now),
                    change.after() == null ? null : GrantChanges.view(change.after(), now),
                    GrantChanges.summary(change.before(), change.after())));
        }
        return diff;
    }

    @MutationMapping
    AdminViews.PolicyVersionInfo changeGrant(
            Caller caller, @Argument AdminInputs.GrantChangeInput change, @Argument String reason) throws SQLException {
        Grant changed = GrantChanges.apply(grant(change.grantId()), change);
        PolicyVersion version = administration.apply(
                List.of(new JdbcPolicyAdministration.Put(changed)), caller.consumer(), reason(reason));
        changes.changed();
        return AdminViews.PolicyVersionInfo.of(version);
    }

    @MutationMapping
    AdminViews.PolicyVersionInfo rollbackPolicy(Caller caller, @Argument long toVersion, @Argument String reason)
            throws SQLException {
        if (administration.versions().stream().noneMatch(version -> version.version() == toVersion)) {
            throw invalid("there is no policy version " + toVersion);
        }
        PolicyVersion version = administration.rollback(toVersion, caller.consumer(), reason(reason));
        changes.changed();
        return AdminViews.PolicyVersionInfo.of(version);
    }

    /**
     * Replays what the grant's consumer did over the last days against the policy as it would be after the change:
     * every recorded operation shape whose decision would flip, and how often it ran.
     */
    @QueryMapping
    AdminViews.Impact impact(@Argument AdminInputs.GrantChangeInput change, @Argument int days) throws SQLException {
        Grant current = grant(change.grantId());
        Grant proposed = GrantChanges.apply(current, change);
        PolicySnapshot now = policies.current();
        List<Grant> grants = new ArrayList<>();
        for (Grant grant : administration.grants(null)) {
            grants.add(grant.id().equals(proposed.id()) ? proposed : grant);
        }
        PolicySnapshot after = new PolicySnapshot(now.version() + 1, grants);
        Instant at = policies.now();
        List<AdminViews.ImpactedOperation> refused = new ArrayList<>();
        List<AdminViews.ImpactedOperation> allowed = new ArrayList<>();
        List<AuditTrail.RecordedShape> shapes = trail.recordedShapes(current.consumer(), since(days));
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
        return new AdminViews.Impact(current.consumer(), shapes.size(), refused, allowed);
    }

    @QueryMapping
    List<AdminViews.Minimisation> minimisation(@Argument @Nullable String consumer, @Argument int days)
            throws SQLException {
        Instant since = since(days);
        List<AdminViews.Minimisation> reports = new ArrayList<>();
        for (Grant grant : administration.grants(consumer)) {
            Set<String> used = trail.usedFields(grant.consumer(), grant.purpose(), since);
            TreeSet<String> granted = new TreeSet<>();
            grant.fields().keySet().forEach(field -> granted.add(field.toString()));
            List<String> unused =
                    granted.stream().filter(field -> !used.contains(field)).toList();
            List<String> usedGranted = granted.stream().filter(used::contains).toList();
            reports.add(new AdminViews.Minimisation(
                    grant.id(),
                    grant.consumer(),
                    grant.purpose(),
                    usedGranted,
                    unused,
                    unused.isEmpty() ? null : new AdminViews.GrantChangeProposal(grant.id(), unused)));
        }
        return reports;
    }

    @QueryMapping
    List<WorkflowViews.CorrectionView> corrections(Caller caller) throws SQLException {
        return corrections.inbox(caller.actor()).stream()
                .map(WorkflowViews::correction)
                .toList();
    }

    @MutationMapping
    WorkflowViews.CorrectionView resolveCorrection(
            Caller caller, @Argument String id, @Argument boolean accept, @Argument String note) throws SQLException {
        return WorkflowViews.correction(corrections.resolve(WorkflowInputs.id(id), caller.actor(), accept, note));
    }

    private static AdminViews.ImpactedOperation impacted(
            AuditTrail.RecordedShape shape, List<FieldUse> uses, @Nullable Refused refusal) {
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
        return new AdminViews.ImpactedOperation(
                shape.purpose(),
                shape.operation(),
                shape.fieldUses(),
                shape.requests(),
                refusedFields,
                refusal == null ? null : refusal.reason().name());
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

    private Instant since(int days) {
        return policies.now().minus(Duration.ofDays(Math.max(1, days)));
    }

    private static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("a policy change must state its reason");
        }
        return reason;
    }

    private static GovshareException invalid(String message) {
        return WorkflowInputs.invalid(message);
    }
}
