package db.migration.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration of what only PostgreSQL has (a fillfactor, a hash index): its statements run there, and on H2 (the
 * demo's control plane) it changes nothing.
 */
abstract class PostgresOnlyMigration extends BaseJavaMigration {
    /** The statements to run on PostgreSQL, in order. */
    abstract List<String> statements();

    @Override
    public final void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements()) {
                statement.execute(sql);
            }
        }
    }
}
