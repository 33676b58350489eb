package org.govshare.connector.source;

import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the Calcite SQL dialect of a source explicitly. Calcite's dialect factory does not recognise MariaDB
 * (its driver reports "MariaDB"), so the choice is made here from configuration or the product name.
 */
public final class SourceDialects {
    private SourceDialects() {}

    /**
     * @param configured {@code postgresql}, {@code mysql}, {@code mariadb} or {@code h2}, or null to use the product name
     */
    public static SqlDialect choose(
            String productName, int majorVersion, int minorVersion, @Nullable String configured) {
        String kind = (configured == null ? productName : configured).toLowerCase(Locale.ROOT);
        if (kind.contains("postgres")) {
            return new PostgresqlSqlDialect(PostgresqlSqlDialect.DEFAULT_CONTEXT
                    .withDatabaseMajorVersion(majorVersion)
                    .withDatabaseMinorVersion(minorVersion));
        }
        if (kind.contains("mariadb") || kind.contains("mysql")) {
            // MariaDB 10.x speaks the MySQL 5.7 dialect as far as Calcite's generated SQL goes.
            return new MysqlSqlDialect(MysqlSqlDialect.DEFAULT_CONTEXT
                    .withDatabaseProductName("MySQL")
                    .withDatabaseMajorVersion(kind.contains("mariadb") ? 5 : majorVersion)
                    .withDatabaseMinorVersion(kind.contains("mariadb") ? 7 : minorVersion)
                    .withIdentifierQuoteString("`")
                    .withNullCollation(NullCollation.LOW)
                    .withUnquotedCasing(Casing.UNCHANGED));
        }
        if (kind.contains("h2")) {
            return H2SqlDialect.DEFAULT;
        }
        throw new IllegalArgumentException("unsupported source database: " + kind);
    }
}
