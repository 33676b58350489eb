package org.govshare.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The local PostgreSQL and MariaDB servers the real-source tests federate: police and hrss as two PostgreSQL
 * databases, tax and medical as two MariaDB databases; the control plane (grants) on PostgreSQL too. Creates the
 * databases when missing.
 */
public final class RealServers {
    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    public static final Map<String, String> POSTGRES_DATABASES =
            Map.of("police", "govshare_police", "hrss", "govshare_hrss", "control", "govshare_control");
    public static final Map<String, String> MARIADB_DATABASES =
            Map.of("tax", "govshare_tax", "medical", "govshare_medical");

    private RealServers() {}

    public static synchronized void ensureDatabases() {
        try (Connection postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = postgres.createStatement()) {
            for (String database : POSTGRES_DATABASES.values()) {
                try (ResultSet exists =
                        statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!exists.next()) {
                        statement.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed (see .ci/run)", e);
        }
        try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
                Statement statement = mariadb.createStatement()) {
            for (String database : MARIADB_DATABASES.values()) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at 127.0.0.1:3306 is needed (see .ci/run)", e);
        }
    }

    /** Points the gateway's sources and control plane at the real servers. */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        for (String property : sourceProperties()) {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        }
    }

    /** Spring properties that point the gateway's sources at the real servers. */
    public static String[] sourceProperties() {
        return new String[] {
            "spring.datasource.url=" + POSTGRES + "govshare_control",
            "spring.datasource.username=postgres",
            "govshare.sources.police.url=" + POSTGRES + "govshare_police",
            "govshare.sources.police.username=postgres",
            "govshare.sources.hrss.url=" + POSTGRES + "govshare_hrss",
            "govshare.sources.hrss.username=postgres",
            "govshare.sources.tax.url=" + MARIADB + "govshare_tax",
            "govshare.sources.tax.username=root",
            "govshare.sources.tax.dialect=mariadb",
            "govshare.sources.medical.url=" + MARIADB + "govshare_medical",
            "govshare.sources.medical.username=root",
            "govshare.sources.medical.dialect=mariadb",
        };
    }
}
