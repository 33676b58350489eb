package org.govshare.gateway.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Five fresh in-memory H2 databases standing in for the demo sources, and helpers to read them back. */
final class TestingDemoSources {
    private TestingDemoSources() {}

    static Map<String, DataSource> create() {
        String run = UUID.randomUUID().toString();
        Map<String, DataSource> sources = new LinkedHashMap<>();
        for (String source : DemoDataGenerator.SOURCE_NAMES) {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:gen-" + source + "-" + run + ";DB_CLOSE_DELAY=-1");
            sources.put(source, dataSource);
        }
        return sources;
    }

    /** Drops the in-memory databases, which DB_CLOSE_DELAY=-1 would otherwise keep for the rest of the JVM. */
    static void close(Map<String, DataSource> sources) throws SQLException {
        for (DataSource dataSource : sources.values()) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    /** Every row of the query's result, each as its column values in order. */
    static List<List<Object>> rows(DataSource dataSource, String query, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            return rows(statement);
        }
    }

    private static List<List<Object>> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            ResultSetMetaData metaData = result.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(metaData.getColumnCount());
                for (int column = 1; column <= metaData.getColumnCount(); column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static long count(DataSource dataSource, String query, Object... parameters) throws SQLException {
        return ((Number) rows(dataSource, query, parameters).get(0).get(0)).longValue();
    }
}
