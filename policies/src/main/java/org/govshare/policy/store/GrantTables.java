package org.govshare.policy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.BatchUse;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes grants in their tables ({@code access_grant}, {@code grant_field}, {@code grant_row_filter},
 * {@code grant_claim_binding}).
 */
final class GrantTables {
    private GrantTables() {}

    /** Every grant, or the one with {@code onlyId}, by id. */
    static Map<String, Grant> read(Connection connection, @Nullable String onlyId) throws SQLException {
        String where = onlyId == null ? "" : " WHERE grant_id = ?";
        Map<String, Map<FieldCoordinate, Access>> fields = new HashMap<>();
        Map<String, Map<FieldCoordinate, MaskKind>> masks = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT grant_id, field, access, mask FROM grant_field" + where)) {
            bind(statement, onlyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String grant = rows.getString(1);
                    FieldCoordinate field = FieldCoordinate.parse(rows.getString(2));
                    fields.computeIfAbsent(grant, id -> new HashMap<>()).put(field, Access.valueOf(rows.getString(3)));
                    String mask = rows.getString(4);
                    if (mask != null) {
                        masks.computeIfAbsent(grant, id -> new HashMap<>()).put(field, MaskKind.valueOf(mask));
                    }
                }
            }
        }
        Map<String, List<RowFilter>> filters = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT grant_id, field, operator, filter_value FROM grant_row_filter"
                        + where + " ORDER BY grant_id, position")) {
            bind(statement, onlyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    filters.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new RowFilter(
                                    FieldCoordinate.parse(rows.getString(2)),
                                    RowFilter.Operator.valueOf(rows.getString(3)),
                                    rows.getString(4)));
                }
            }
        }
        Map<String, List<ClaimBinding>> bindings = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT grant_id, field, comparison, claim_value FROM grant_claim_binding"
                        + where + " ORDER BY grant_id, position")) {
            bind(statement, onlyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    bindings.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                            .add(new ClaimBinding(
                                    FieldCoordinate.parse(rows.getString(2)),
                                    Comparison.valueOf(rows.getString(3)),
                                    rows.getString(4)));
                }
            }
        }
        Map<String, Grant> grants = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, consumer_id, purpose_code, valid_from, valid_until, status, requests_per_second,"
                        + " mismatches_per_subject_per_day, distinct_subjects_per_day, rows_per_page,"
                        + " lookup_misses_per_day, batch_subjects_per_job, batch_subjects_per_day,"
                        + " batch_result_retention_seconds FROM access_grant"
                        + (onlyId == null ? "" : " WHERE id = ?") + " ORDER BY id")) {
            bind(statement, onlyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    grants.put(
                            id,
                            new Grant(
                                    id,
                                    rows.getString(2),
                                    rows.getString(3),
                                    fields.getOrDefault(id, Map.of()),
                                    filters.getOrDefault(id, List.of()),
                                    masks.getOrDefault(id, Map.of()),
                                    new Quotas(
                                            rows.getInt(7),
                                            rows.getInt(8),
                                            rows.getInt(9),
                                            rows.getInt(10),
                                            rows.getInt(11)),
                                    instant(rows.getObject(4, LocalDateTime.class)),
                                    instant(rows.getObject(5, LocalDateTime.class)),
                                    GrantStatus.valueOf(rows.getString(6)),
                                    bindings.getOrDefault(id, List.of()),
                                    new BatchUse(
                                            rows.getInt(12), rows.getInt(13), Duration.ofSeconds(rows.getLong(14)))));
                }
            }
        }
        return grants;
    }

    /** Writes a grant's rows (the consumer and purpose must be registered). */
    static void insert(Connection connection, Grant grant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO access_grant (id, consumer_id, purpose_code, valid_from, valid_until, status,"
                        + " requests_per_second, mismatches_per_subject_per_day, distinct_subjects_per_day,"
                        + " rows_per_page, lookup_misses_per_day, batch_subjects_per_job, batch_subjects_per_day,"
                        + " batch_result_retention_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, grant.id());
            statement.setString(2, grant.consumer());
            statement.setString(3, grant.purpose());
            statement.setObject(4, LocalDateTime.ofInstant(grant.validFrom(), ZoneOffset.UTC));
            statement.setObject(5, LocalDateTime.ofInstant(grant.validUntil(), ZoneOffset.UTC));
            statement.setString(6, grant.status().name());
            statement.setInt(7, grant.quotas().requestsPerSecond());
            statement.setInt(8, grant.quotas().mismatchesPerSubjectPerDay());
            statement.setInt(9, grant.quotas().distinctSubjectsPerDay());
            statement.setInt(10, grant.quotas().rowsPerPage());
            statement.setInt(11, grant.quotas().lookupMissesPerDay());
            statement.setInt(12, grant.batchUse().maximumSubjectsPerJob());
            statement.setInt(13, grant.batchUse().maximumSubjectsPerDay());
            statement.setLong(14, grant.batchUse().resultRetention().toSeconds());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO grant_field (grant_id, field, access, mask) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<FieldCoordinate, Access> field : grant.fields().entrySet()) {
                MaskKind mask = grant.masks().get(field.getKey());
                statement.setString(1, grant.id());
                statement.setString(2, field.getKey().toString());
                statement.setString(3, field.getValue().name());
                statement.setString(4, mask == null ? null : mask.name());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO grant_row_filter (grant_id, position, field, operator, filter_value)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            int position = 1;
            for (RowFilter filter : grant.rowFilters()) {
                statement.setString(1, grant.id());
                statement.setInt(2, position++);
                statement.setString(3, filter.field().toString());
                statement.setString(4, filter.operator().name());
                statement.setString(5, filter.value());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO grant_claim_binding (grant_id, position, field, comparison, claim_value)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            int position = 1;
            for (ClaimBinding binding : grant.claimBindings()) {
                statement.setString(1, grant.id());
                statement.setInt(2, position++);
                statement.setString(3, binding.field().toString());
                statement.setString(4, binding.comparison().name());
                statement.setString(5, binding.value());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Removes a grant's rows. */
    static void delete(Connection connection, String grantId) throws SQLException {
        for (String sql : List.of(
                "DELETE FROM grant_claim_binding WHERE grant_id = ?",
                "DELETE FROM grant_row_filter WHERE grant_id = ?",
                "DELETE FROM grant_field WHERE grant_id = ?",
                "DELETE FROM access_grant WHERE id = ?")) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, grantId);
                statement.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement statement, @Nullable String onlyId) throws SQLException {
        if (onlyId != null) {
            statement.setString(1, onlyId);
        }
    }

    private static java.time.Instant instant(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
