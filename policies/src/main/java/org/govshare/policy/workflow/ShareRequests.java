package org.govshare.policy.workflow;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.store.PolicyVersion;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.ShareType;
import org.govshare.schema.catalog.VerifyField;
import org.jspecify.annotations.Nullable;

/**
 * The share-request workflow. A consumer applies for fields for a purpose; each field is answered by its share type:
 * UNCONDITIONAL ones are granted at once (due within 1 working day), NOT_SHARED ones refused with the catalog's legal
 * basis, CONDITIONAL ones go to the providing source's steward (due within 10 working days), who approves (possibly
 * narrowing READ to VERIFY) or rejects with a reason; a rejection can be escalated once to the authority, whose
 * arbitration is final. The granted fields make up one grant per request, valid for the requested days, with the
 * workflow's default quotas; every change to it is a policy version, and every transition is recorded with who and why.
 *
 * <p>Root fields are never unconditional: a lookup or a verification by key tells whether a record exists (an
 * existence oracle), and a page lists many subjects, so all of them go to the steward of the source they enter. A
 * consumer from whom a grant was ever withdrawn (revoked, suspended, removed, narrowed) gets nothing at once any more:
 * its unconditional fields go to review too, so a revocation cannot be undone by applying again.
 */
public final class ShareRequests {
    /** A field asked for, and how. */
    public record RequestedField(FieldCoordinate field, Access access) {
        public RequestedField {
            requireNonNull(field, "field is null");
            requireNonNull(access, "access is null");
        }
    }

    /** An application as the consumer submits it. */
    public record Application(
            String purpose, List<RequestedField> fields, String justification, int caseVolume, int requestedDays) {
        public Application {
            requireNonNull(purpose, "purpose is null");
            fields = List.copyOf(fields);
            requireNonNull(justification, "justification is null");
        }
    }

    /** A steward's answer on one field: approve (with the access granted, READ or narrowed to VERIFY) or reject. */
    public record Answer(
            FieldCoordinate field,
            boolean approve,
            @Nullable Access access) {
        public Answer {
            requireNonNull(field, "field is null");
        }
    }

    static final int UNCONDITIONAL_DAYS = 1;
    static final int CONDITIONAL_DAYS = 10;
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAXIMUM_FIELDS = 200;
    private static final int MAXIMUM_DAYS = 3 * 366;

    private final DataSource store;
    private final Supplier<Catalog> catalog;
    private final JdbcPolicyAdministration administration;
    private final WorkingCalendar calendar;
    private final Clock clock;
    private final ZoneId zone;
    private final Quotas defaultQuotas;

    /** A workflow whose grants carry {@link Quotas#WORKFLOW_DEFAULT}. */
    public ShareRequests(
            DataSource store,
            Supplier<Catalog> catalog,
            JdbcPolicyAdministration administration,
            WorkingCalendar calendar,
            Clock clock,
            ZoneId zone) {
        this(store, catalog, administration, calendar, clock, zone, Quotas.WORKFLOW_DEFAULT);
    }

    /** @param defaultQuotas what the workflow's grants carry; every kind of limit must be set */
    public ShareRequests(
            DataSource store,
            Supplier<Catalog> catalog,
            JdbcPolicyAdministration administration,
            WorkingCalendar calendar,
            Clock clock,
            ZoneId zone,
            Quotas defaultQuotas) {
        if (defaultQuotas.requestsPerSecond() == 0
                || defaultQuotas.mismatchesPerSubjectPerDay() == 0
                || defaultQuotas.distinctSubjectsPerDay() == 0
                || defaultQuotas.lookupMissesPerDay() == 0) {
            throw new IllegalArgumentException("the workflow's default quotas must set every kind of limit");
        }
        this.store = store;
        this.catalog = catalog;
        this.administration = administration;
        this.calendar = calendar;
        this.clock = clock;
        this.zone = zone;
        this.defaultQuotas = defaultQuotas;
    }

    /** The catalog's answer to a field: where it is kept and how it may be shared. */
    private record Listing(
            String source, ShareType shareType, @Nullable String legalBasis) {}

    /** Submits an application; unconditional fields are granted, and not-shared ones refused, at once. */
    public ShareRequest submit(String consumer, Application application) throws SQLException {
        validate(application);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Map<RequestedField, Listing> listings = new LinkedHashMap<>();
        for (RequestedField requested : application.fields()) {
            if (listings.keySet().stream().anyMatch(listed -> listed.field().equals(requested.field()))) {
                throw invalid("field " + requested.field() + " is asked for twice");
            }
            listings.put(requested, listing(requested.field()));
        }
        long id;
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                id = insertRequest(connection, consumer, application, now);
                event(connection, id, null, consumer, "SUBMITTED", application.justification(), now);
                boolean reviewEverything = administration.anythingWithdrawnFrom(connection, consumer);
                for (Map.Entry<RequestedField, Listing> entry : listings.entrySet()) {
                    RequestedField requested = entry.getKey();
                    Listing listing = entry.getValue();
                    String field = requested.field().toString();
                    switch (listing.shareType()) {
                        case UNCONDITIONAL -> {
                            if (reviewEverything) {
                                insertItem(
                                        connection,
                                        id,
                                        requested,
                                        listing,
                                        ItemStatus.PENDING,
                                        today,
                                        UNCONDITIONAL_DAYS);
                                event(
                                        connection,
                                        id,
                                        field,
                                        "catalog",
                                        "FOR_REVIEW",
                                        "steward:" + listing.source() + "; a grant of this consumer was withdrawn"
                                                + " before",
                                        now);
                                continue;
                            }
                            insertItem(
                                    connection, id, requested, listing, ItemStatus.GRANTED, today, UNCONDITIONAL_DAYS);
                            decide(connection, id, field, requested.access(), ItemStatus.GRANTED, "catalog", null, now);
                            event(connection, id, field, "catalog", "GRANTED", "unconditional (无条件共享)", now);
                        }
                        case NOT_SHARED -> {
                            insertItem(
                                    connection, id, requested, listing, ItemStatus.REFUSED, today, UNCONDITIONAL_DAYS);
                            decide(
                                    connection,
                                    id,
                                    field,
                                    null,
                                    ItemStatus.REFUSED,
                                    "catalog",
                                    listing.legalBasis(),
                                    now);
                            event(connection, id, field, "catalog", "REFUSED", listing.legalBasis(), now);
                        }
                        case CONDITIONAL -> {
                            insertItem(connection, id, requested, listing, ItemStatus.PENDING, today, CONDITIONAL_DAYS);
                            event(connection, id, field, "catalog", "FOR_REVIEW", "steward:" + listing.source(), now);
                        }
                    }
                }
                updateGrant(connection, id, consumer, "share request " + id + " submitted");
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return find(id).orElseThrow();
    }

    /** A steward answers pending fields of its own sources; a rejection needs a reason. */
    public ShareRequest answer(long id, List<Answer> answers, Actor steward, @Nullable String reason)
            throws SQLException {
        if (answers.isEmpty()) {
            throw invalid("answer at least one field");
        }
        Instant now = clock.instant();
        ShareRequest request = find(id).orElseThrow(() -> notFound(id));
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Answer answer : answers) {
                    ShareRequest.Item item = item(request, answer.field());
                    if (!steward.stewards(item.source())) {
                        throw new WorkflowException(
                                WorkflowException.Kind.FORBIDDEN,
                                answer.field() + " is answered by the steward of " + item.source());
                    }
                    if (item.status() != ItemStatus.PENDING) {
                        throw invalid(answer.field() + " is " + item.status() + ", not pending");
                    }
                    String field = answer.field().toString();
                    if (answer.approve()) {
                        Access access = answer.access() == null ? item.requested() : answer.access();
                        if (!item.requested().covers(access)) {
                            throw invalid(
                                    field + " cannot be granted more than the " + item.requested() + " asked for");
                        }
                        decide(connection, id, field, access, ItemStatus.APPROVED, steward.id(), reason, now);
                        event(
                                connection,
                                id,
                                field,
                                steward.id(),
                                access == item.requested() ? "APPROVED" : "APPROVED_NARROWED_TO_" + access,
                                reason,
                                now);
                    } else {
                        requireReason(reason, "a rejection");
                        decide(connection, id, field, null, ItemStatus.REJECTED, steward.id(), reason, now);
                        event(connection, id, field, steward.id(), "REJECTED", reason, now);
                    }
                }
                updateGrant(connection, id, steward.id(), "share request " + id + " answered");
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return find(id).orElseThrow();
    }

    /** The consumer takes a rejection to the authority (once per field). */
    public ShareRequest escalate(long id, FieldCoordinate field, Actor consumer, String reason) throws SQLException {
        requireReason(reason, "an escalation");
        ShareRequest request = find(id).orElseThrow(() -> notFound(id));
        if (!request.consumer().equals(consumer.id())) {
            throw notFound(id);
        }
        ShareRequest.Item item = item(request, field);
        if (item.status() != ItemStatus.REJECTED) {
            throw invalid(field + " is " + item.status() + ": only a rejection can be escalated");
        }
        boolean escalatedBefore = request.history().stream()
                .anyMatch(event ->
                        field.toString().equals(event.field()) && event.action().equals("ESCALATED"));
        if (escalatedBefore) {
            throw invalid(field + " was arbitrated already; the decision is final");
        }
        Instant now = clock.instant();
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                decide(connection, id, field.toString(), null, ItemStatus.ESCALATED, consumer.id(), reason, now);
                event(connection, id, field.toString(), consumer.id(), "ESCALATED", reason, now);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return find(id).orElseThrow();
    }

    /** The authority decides an escalated field: grant it as asked, or uphold the rejection. Final. */
    public ShareRequest arbitrate(long id, FieldCoordinate field, boolean grant, Actor authority, String reason)
            throws SQLException {
        if (!authority.authority()) {
            throw new WorkflowException(WorkflowException.Kind.FORBIDDEN, "only the authority arbitrates");
        }
        requireReason(reason, "an arbitration");
        ShareRequest request = find(id).orElseThrow(() -> notFound(id));
        ShareRequest.Item item = item(request, field);
        if (item.status() != ItemStatus.ESCALATED) {
            throw invalid(field + " is " + item.status() + ", not escalated");
        }
        Instant now = clock.instant();
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                decide(
                        connection,
                        id,
                        field.toString(),
                        grant ? item.requested() : null,
                        grant ? ItemStatus.APPROVED : ItemStatus.REJECTED,
                        authority.id(),
                        reason,
                        now);
                event(
                        connection,
                        id,
                        field.toString(),
                        authority.id(),
                        grant ? "ARBITRATED_GRANTED" : "ARBITRATED_UPHELD",
                        reason,
                        now);
                updateGrant(connection, id, authority.id(), "share request " + id + " arbitrated");
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return find(id).orElseThrow();
    }

    public Optional<ShareRequest> find(long id) throws SQLException {
        List<ShareRequest> found = load("WHERE r.id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The consumer's own requests, newest first. */
    public List<ShareRequest> ofConsumer(String consumer) throws SQLException {
        return load("WHERE r.consumer_id = ?", consumer);
    }

    /**
     * What an actor has to answer or oversee, by due date: a steward the fields of its own sources (only those fields
     * show), the authority every field. {@code statuses} (empty: all) and {@code overdueOnly} narrow it.
     */
    public List<ShareRequest> inbox(Actor actor, List<ItemStatus> statuses, boolean overdueOnly) throws SQLException {
        List<ShareRequest> inbox = new ArrayList<>();
        for (ShareRequest request : load("", null)) {
            List<ShareRequest.Item> items = request.items().stream()
                    .filter(item -> actor.authority() || actor.stewards(item.source()))
                    .filter(item -> statuses.isEmpty() || statuses.contains(item.status()))
                    .filter(item -> !overdueOnly || item.overdue())
                    .toList();
            if (!items.isEmpty()) {
                inbox.add(new ShareRequest(
                        request.id(),
                        request.consumer(),
                        request.purpose(),
                        request.justification(),
                        request.caseVolume(),
                        request.requestedDays(),
                        request.submittedAt(),
                        items,
                        request.history()));
            }
        }
        inbox.sort(Comparator.comparing((ShareRequest request) -> request.items().stream()
                        .map(ShareRequest.Item::due)
                        .min(Comparator.naturalOrder())
                        .orElseThrow())
                .thenComparing(ShareRequest::id));
        return inbox;
    }

    private Listing listing(FieldCoordinate field) {
        Catalog catalog = this.catalog.get();
        if (field.type().equals("Query")) {
            RootField root = catalog.rootFields().get(field.field());
            if (root instanceof LookupField || root instanceof VerifyField) {
                // A lookup or a verification by key tells whether the record exists, whatever fields come with it:
                // an existence oracle for every key the consumer can think of, so the source's steward decides.
                return new Listing(catalog.requireType(root.targetType()).source(), ShareType.CONDITIONAL, null);
            }
            if (root instanceof PageField page) {
                // Listing records is reviewed: it is the way to many subjects at once.
                return new Listing(catalog.requireType(page.targetType()).source(), ShareType.CONDITIONAL, null);
            }
            throw invalid(field + " is not a field that can be requested");
        }
        CatalogType type = catalog.type(field.type()).orElseThrow(() -> invalid(field + " is not in the catalog"));
        CatalogField catalogField =
                type.field(field.field()).orElseThrow(() -> invalid(field + " is not in the catalog"));
        return new Listing(
                type.source(),
                catalogField.sharing().shareType(),
                catalogField.sharing().legalBasis().orElse(null));
    }

    private static void validate(Application application) {
        if (!PURPOSE.matcher(application.purpose()).matches()) {
            throw invalid("purpose must be a purpose code (A-Z, 0-9, _)");
        }
        if (application.fields().isEmpty() || application.fields().size() > MAXIMUM_FIELDS) {
            throw invalid("ask for 1 to " + MAXIMUM_FIELDS + " fields");
        }
        if (application.justification().isBlank() || application.justification().length() > 4000) {
            throw invalid("the justification must say why, in at most 4000 characters");
        }
        if (application.caseVolume() < 1) {
            throw invalid("caseVolume must be at least 1");
        }
        if (application.requestedDays() < 1 || application.requestedDays() > MAXIMUM_DAYS) {
            throw invalid("requestedDays must be between 1 and " + MAXIMUM_DAYS);
        }
    }

    /** Rewrites the request's grant from its granted fields (removed when none is left). */
    private void updateGrant(Connection connection, long id, String author, String reason) throws SQLException {
        ShareRequest request = load(connection, "WHERE r.id = ?", id).get(0);
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>();
        for (ShareRequest.Item item : request.items()) {
            if ((item.status() == ItemStatus.GRANTED || item.status() == ItemStatus.APPROVED)
                    && item.granted() != null) {
                fields.put(item.field(), item.granted());
            }
        }
        Optional<Grant> existing = administration.grant(connection, request.grantId());
        if (fields.isEmpty() && existing.isEmpty()) {
            return;
        }
        Grant grant = new Grant(
                request.grantId(),
                request.consumer(),
                request.purpose(),
                fields,
                List.of(),
                Map.of(),
                defaultQuotas,
                request.submittedAt(),
                request.submittedAt().plus(Duration.ofDays(request.requestedDays())),
                GrantStatus.ACTIVE);
        JdbcPolicyAdministration.Edit edit = fields.isEmpty()
                ? new JdbcPolicyAdministration.Remove(request.grantId())
                : new JdbcPolicyAdministration.Put(existing.map(current -> keepLifecycle(current, grant, defaultQuotas))
                        .orElse(grant));
        PolicyVersion ignored = administration.apply(connection, List.of(edit), author, reason);
        requireNonNull(ignored, "version");
    }

    /**
     * A renewed or revoked grant keeps its validity, status, quotas (every limit it leaves unset taken from the
     * defaults) and the claim bindings of fields it still grants when its fields change.
     */
    private static Grant keepLifecycle(Grant current, Grant fromRequest, Quotas defaults) {
        return new Grant(
                fromRequest.id(),
                fromRequest.consumer(),
                fromRequest.purpose(),
                fromRequest.fields(),
                current.rowFilters(),
                current.masks().entrySet().stream()
                        .filter(mask -> fromRequest.fields().containsKey(mask.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                current.quotas().orDefaults(defaults),
                current.validFrom(),
                current.validUntil(),
                current.status(),
                current.claimBindings().stream()
                        .filter(binding -> fromRequest.fields().get(binding.field()) == Access.VERIFY)
                        .toList(),
                fromRequest.fields().containsValue(Access.VERIFY) ? current.batchUse() : BatchUse.NONE);
    }

    private static ShareRequest.Item item(ShareRequest request, FieldCoordinate field) {
        return request.items().stream()
                .filter(item -> item.field().equals(field))
                .findFirst()
                .orElseThrow(() -> invalid(field + " is not part of request " + request.id()));
    }

    private static long insertRequest(Connection connection, String consumer, Application application, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO share_request (consumer_id, purpose_code, justification, case_volume, requested_days,"
                        + " submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, consumer);
            statement.setString(2, application.purpose());
            statement.setString(3, application.justification());
            statement.setInt(4, application.caseVolume());
            statement.setInt(5, application.requestedDays());
            statement.setObject(6, time(now));
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void insertItem(
            Connection connection,
            long id,
            RequestedField requested,
            Listing listing,
            ItemStatus status,
            LocalDate received,
            int workingDays)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO share_request_item (request_id, field, requested_access, source, share_type, status,"
                        + " due_date) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            statement.setLong(1, id);
            statement.setString(2, requested.field().toString());
            statement.setString(3, requested.access().name());
            statement.setString(4, listing.source());
            statement.setString(5, listing.shareType().name());
            statement.setString(6, status.name());
            statement.setObject(7, calendar.due(received, workingDays));
            statement.executeUpdate();
        }
    }

    private static void decide(
            Connection connection,
            long id,
            String field,
            @Nullable Access granted,
            ItemStatus status,
            String actor,
            @Nullable String reason,
            Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE share_request_item SET status = ?, granted_access = ?, decided_at = ?, decided_by = ?,"
                        + " reason = ? WHERE request_id = ? AND field = ?")) {
            statement.setString(1, status.name());
            statement.setString(2, granted == null ? null : granted.name());
            statement.setObject(3, time(now));
            statement.setString(4, actor);
            statement.setString(5, reason);
            statement.setLong(6, id);
            statement.setString(7, field);
            statement.executeUpdate();
        }
    }

    private static void event(
            Connection connection,
            long id,
            @Nullable String field,
            String actor,
            String action,
            @Nullable String reason,
            Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO share_request_event (request_id, field, at, actor, action, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            statement.setLong(1, id);
            statement.setString(2, field);
            statement.setObject(3, time(now));
            statement.setString(4, actor);
            statement.setString(5, action);
            statement.setString(6, reason);
            statement.executeUpdate();
        }
    }

    private List<ShareRequest> load(String where, @Nullable Object value) throws SQLException {
        try (Connection connection = store.getConnection()) {
            return load(connection, where, value);
        }
    }

    private List<ShareRequest> load(Connection connection, String where, @Nullable Object value) throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Map<Long, List<ShareRequest.Item>> items = new LinkedHashMap<>();
        Map<Long, List<ShareRequest.Event>> events = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT i.request_id, i.field, i.requested_access, i.granted_access, i.source, i.share_type, i.status,"
                        + " i.due_date, i.decided_at, i.decided_by, i.reason FROM share_request_item i"
                        + " JOIN share_request r ON r.id = i.request_id " + where
                        + " ORDER BY i.request_id, i.field")) {
            bind(statement, value);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ItemStatus status = ItemStatus.valueOf(rows.getString(7));
                    LocalDate due = rows.getObject(8, LocalDate.class);
                    LocalDateTime decidedAt = rows.getObject(9, LocalDateTime.class);
                    String granted = rows.getString(4);
                    items.computeIfAbsent(rows.getLong(1), key -> new ArrayList<>())
                            .add(new ShareRequest.Item(
                                    FieldCoordinate.parse(rows.getString(2)),
                                    Access.valueOf(rows.getString(3)),
                                    granted == null ? null : Access.valueOf(granted),
                                    rows.getString(5),
                                    ShareType.valueOf(rows.getString(6)),
                                    status,
                                    due,
                                    status == ItemStatus.PENDING && due.isBefore(today),
                                    decidedAt == null ? null : decidedAt.toInstant(ZoneOffset.UTC),
                                    rows.getString(10),
                                    rows.getString(11)));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT e.request_id, e.at, e.field, e.actor, e.action, e.reason FROM share_request_event e"
                        + " JOIN share_request r ON r.id = e.request_id " + where + " ORDER BY e.request_id, e.id")) {
            bind(statement, value);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.computeIfAbsent(rows.getLong(1), key -> new ArrayList<>())
                            .add(new ShareRequest.Event(
                                    rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getString(5),
                                    rows.getString(6)));
                }
            }
        }
        List<ShareRequest> requests = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT r.id, r.consumer_id, r.purpose_code, r.justification, r.case_volume, r.requested_days,"
                        + " r.submitted_at FROM share_request r " + where + " ORDER BY r.id DESC")) {
            bind(statement, value);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    requests.add(new ShareRequest(
                            id,
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getInt(5),
                            rows.getInt(6),
                            rows.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            items.getOrDefault(id, List.of()),
                            events.getOrDefault(id, List.of())));
                }
            }
        }
        return requests;
    }

    private static void bind(PreparedStatement statement, @Nullable Object value) throws SQLException {
        if (value != null) {
            statement.setObject(1, value);
        }
    }

    private static LocalDateTime time(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void requireReason(@Nullable String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw invalid(what + " must state its reason");
        }
    }

    private static WorkflowException invalid(String message) {
        return new WorkflowException(WorkflowException.Kind.INVALID, message);
    }

    private static WorkflowException notFound(long id) {
        return new WorkflowException(WorkflowException.Kind.NOT_FOUND, "no share request " + id);
    }
}
