package org.govshare.gateway.hostile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.RealServers;
import org.jspecify.annotations.Nullable;

/** The audit records the hostile gateway wrote, read from its control plane on PostgreSQL. */
final class AuditRecords {
    record Row(
            String consumer,
            @Nullable String purpose,
            @Nullable String caseId,
            @Nullable String operatorId,
            String outcome,
            String codes) {}

    private AuditRecords() {}

    /** Every record of {@code consumer} written after sequence number {@code after}. */
    static List<Row> of(String consumer, long after) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT consumer_id, purpose_code, case_id, operator_id, outcome, codes FROM audit_record"
                                + " WHERE consumer_id = ? AND seq > ? ORDER BY seq")) {
            query.setString(1, consumer);
            query.setLong(2, after);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(
                            result.getString(1),
                            result.getString(2),
                            result.getString(3),
                            result.getString(4),
                            result.getString(5),
                            result.getString(6)));
                }
            }
        }
        return rows;
    }

    /** The sequence number of the last record written so far. */
    static long last() throws SQLException {
        try (Connection connection = connection();
                PreparedStatement query = connection.prepareStatement("SELECT last_seq FROM audit_head WHERE id = 1");
                ResultSet result = query.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(RealServers.POSTGRES + HostileGateway.DATABASE, "postgres", "");
    }
}
