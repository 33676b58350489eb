package org.govshare.policy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;

/**
 * Reads the whole grant base from the control-plane database into one {@link PolicySnapshot}, in one read-only
 * transaction so that a snapshot never mixes two versions. Timestamps are stored in UTC.
 */
public final class JdbcPolicyStore {
    private final DataSource dataSource;

    public JdbcPolicyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public PolicySnapshot load() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long version = version(connection);
                Map<String, Map<FieldCoordinate, Access>> fields = new HashMap<>();
                Map<String, Map<FieldCoordinate, MaskKind>> masks = new HashMap<>();
                try (PreparedStatement statement =
                                connection.prepareStatement("SELECT grant_id, field, access, mask FROM grant_field");
                        ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String grant = rows.getString(1);
                        FieldCoordinate field = FieldCoordinate.parse(rows.getString(2));
                        fields.computeIfAbsent(grant, id -> new HashMap<>())
                                .put(field, Access.valueOf(rows.getString(3)));
                        String mask = rows.getString(4);
                        if (mask != null) {
                            masks.computeIfAbsent(grant, id -> new HashMap<>()).put(field, MaskKind.valueOf(mask));
                        }
                    }
                }
                Map<String, List<RowFilter>> filters = new HashMap<>();
                try (PreparedStatement statement = connection.prepareStatement(
                                "SELECT grant_id, field, operator, filter_value FROM grant_row_filter ORDER BY grant_id, position");
                        ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        filters.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                                .add(new RowFilter(
                                        FieldCoordinate.parse(rows.getString(2)),
                                        RowFilter.Operator.valueOf(rows.getString(3)),
                                        rows.getString(4)));
                    }
                }
                List<Grant> grants = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(
                                "SELECT id, consumer_id, purpose_code, valid_from, valid_until, status,"
                                        + " requests_per_second, mismatches_per_subject_per_day,"
                                        + " distinct_subjects_per_day, rows_per_page FROM access_grant");
                        ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String id = rows.getString(1);
                        grants.add(new Grant(
                                id,
                                rows.getString(2),
                                rows.getString(3),
                                fields.getOrDefault(id, Map.of()),
                                filters.getOrDefault(id, List.of()),
                                masks.getOrDefault(id, Map.of()),
                                new Quotas(rows.getInt(7), rows.getInt(8), rows.getInt(9), rows.getInt(10)),
                                rows.getTimestamp(4).toLocalDateTime().toInstant(ZoneOffset.UTC),
                                rows.getTimestamp(5).toLocalDateTime().toInstant(ZoneOffset.UTC),
                                GrantStatus.valueOf(rows.getString(6))));
                    }
                }
                connection.commit();
                return new PolicySnapshot(version, grants);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static long version(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAX(version) FROM policy_version");
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
