package org.govshare.policy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.PolicySnapshot;

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
                List<Grant> grants =
                        new ArrayList<>(GrantTables.read(connection, null).values());
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
