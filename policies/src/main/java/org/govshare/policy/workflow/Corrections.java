package org.govshare.policy.workflow;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.identifier.IdentifierScheme;
import org.jspecify.annotations.Nullable;

/**
 * Corrections (校核纠错): a consumer reports a suspected error in one field of one record; the steward of the source
 * that keeps it accepts it with a note on the fix or rejects it with a reason; the reporter follows its status. A
 * consumer reports only about fields it has a grant for: it cannot know a value it may not use is wrong, and a report
 * (with its answer) must not become a channel about data outside its grants.
 */
public final class Corrections {
    /** Where a report stands. */
    public enum Status {
        OPEN,
        ACCEPTED,
        REJECTED
    }

    /** One report and its resolution. */
    public record Correction(
            long id,
            String reporter,
            String type,
            String key,
            String field,
            String source,
            String description,
            Status status,
            Instant reportedAt,
            @Nullable Instant resolvedAt,
            @Nullable String resolvedBy,
            @Nullable String resolution) {
        public Correction {
            requireNonNull(reporter, "reporter is null");
            requireNonNull(type, "type is null");
            requireNonNull(key, "key is null");
            requireNonNull(field, "field is null");
            requireNonNull(source, "source is null");
            requireNonNull(description, "description is null");
            requireNonNull(status, "status is null");
            requireNonNull(reportedAt, "reportedAt is null");
        }
    }

    private final DataSource store;
    private final Supplier<Catalog> catalog;
    private final Clock clock;

    public Corrections(DataSource store, Supplier<Catalog> catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Files a report about {@code type.field} of the record with {@code key} (identifiers normalised and checked), by
     * a reporter whose active grants (any purpose, READ or VERIFY) cover {@code reporterFields}.
     */
    public Correction report(
            String reporter,
            Set<FieldCoordinate> reporterFields,
            String type,
            String key,
            String field,
            String description)
            throws SQLException {
        CatalogType catalogType = catalog.get().type(type).orElseThrow(() -> invalid(type + " is not in the catalog"));
        if (catalogType.field(field).isEmpty()) {
            throw invalid(type + "." + field + " is not in the catalog");
        }
        if (!reporterFields.contains(new FieldCoordinate(type, field))) {
            throw new WorkflowException(
                    WorkflowException.Kind.FORBIDDEN, "corrections are reported about fields the reporter may use");
        }
        if (catalogType.keyFields().size() != 1) {
            throw invalid(type + " has a composite key; report the error on the record it belongs to");
        }
        if (description.isBlank() || description.length() > 4000) {
            throw invalid("the description must say what looks wrong, in at most 4000 characters");
        }
        ColumnField keyField = catalogType.keyColumns().get(0);
        String normalized =
                keyField.identifier().map(scheme -> normalize(scheme, key)).orElse(key.strip());
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO correction (reporter, type_name, record_key, field, source, description, status,"
                                + " reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, reporter);
            statement.setString(2, type);
            statement.setString(3, normalized);
            statement.setString(4, field);
            statement.setString(5, catalogType.source());
            statement.setString(6, description);
            statement.setString(7, Status.OPEN.name());
            statement.setObject(8, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return find(keys.getLong(1)).orElseThrow();
            }
        }
    }

    /** The steward of the record's source accepts (with a note on the fix) or rejects (with a reason) a report. */
    public Correction resolve(long id, Actor steward, boolean accept, String note) throws SQLException {
        Correction correction = find(id).orElseThrow(() -> notFound(id));
        if (!steward.stewards(correction.source())) {
            throw new WorkflowException(
                    WorkflowException.Kind.FORBIDDEN, "reports about " + correction.source() + " go to its steward");
        }
        if (correction.status() != Status.OPEN) {
            throw invalid("report " + id + " is " + correction.status() + " already");
        }
        if (note.isBlank()) {
            throw invalid(accept ? "say what was fixed" : "a rejection must state its reason");
        }
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE correction SET status = ?, resolved_at = ?, resolved_by = ?, resolution = ?"
                                + " WHERE id = ? AND status = 'OPEN'")) {
            statement.setString(1, (accept ? Status.ACCEPTED : Status.REJECTED).name());
            statement.setObject(2, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            statement.setString(3, steward.id());
            statement.setString(4, note);
            statement.setLong(5, id);
            statement.executeUpdate();
        }
        return find(id).orElseThrow();
    }

    public Optional<Correction> find(long id) throws SQLException {
        List<Correction> found = query("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The reporter's own reports, newest first. */
    public List<Correction> ofReporter(String reporter) throws SQLException {
        return query("WHERE reporter = ?", reporter);
    }

    /** Reports a steward resolves (those about its sources) or, for the authority, all of them. */
    public List<Correction> inbox(Actor actor) throws SQLException {
        return query("", null).stream()
                .filter(correction -> actor.authority() || actor.stewards(correction.source()))
                .toList();
    }

    private List<Correction> query(String where, @Nullable Object value) throws SQLException {
        List<Correction> corrections = new ArrayList<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT id, reporter, type_name, record_key, field, source, description, status, reported_at,"
                                + " resolved_at, resolved_by, resolution FROM correction " + where
                                + " ORDER BY id DESC")) {
            if (value != null) {
                statement.setObject(1, value);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LocalDateTime resolvedAt = rows.getObject(10, LocalDateTime.class);
                    corrections.add(new Correction(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            Status.valueOf(rows.getString(8)),
                            rows.getObject(9, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            resolvedAt == null ? null : resolvedAt.toInstant(ZoneOffset.UTC),
                            rows.getString(11),
                            rows.getString(12)));
                }
            }
        }
        return corrections;
    }

    private static String normalize(IdentifierScheme scheme, String key) {
        return scheme.normalize(key).orElseThrow(() -> invalid("the key is not a valid " + scheme.name()));
    }

    private static WorkflowException invalid(String message) {
        return new WorkflowException(WorkflowException.Kind.INVALID, message);
    }

    private static WorkflowException notFound(long id) {
        return new WorkflowException(WorkflowException.Kind.NOT_FOUND, "no correction " + id);
    }
}
