package org.govshare.gateway.hostile;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govshare.gateway.testing.GraphQlHttpClient;
import org.govshare.gateway.testing.RealServers;
import org.govshare.gateway.testing.TestTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What the "values stay at the source" attack classes share: clients, error codes, rows of the real servers. */
final class ValuesAttacks {
    private ValuesAttacks() {}

    /** A demo client with a token from the gateway's issuer. */
    static GraphQlHttpClient demoClient(int port, String client, String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.fromIssuer(port, client), purpose);
    }

    /** A test consumer (not a demo client) with a token signed by the gateway's issuer key. */
    static GraphQlHttpClient signedClient(
            int port, JWKSource<SecurityContext> keys, String consumer, @Nullable String purpose) {
        return GraphQlHttpClient.of(port, TestTokens.signed(keys, consumer), purpose);
    }

    static String code(JsonNode response) {
        return response.at("/errors/0/extensions/code").asString("");
    }

    static List<String> codes(JsonNode response) {
        List<String> codes = new ArrayList<>();
        response.path("errors")
                .forEach(error -> codes.add(error.at("/extensions/code").asString()));
        return codes;
    }

    /** The rows of a query on a source's own database (through the gateway's read-only pool), column by column. */
    static List<Map<String, String>> rows(DataSource source, String sql, Object... values) throws SQLException {
        try (Connection connection = source.getConnection()) {
            return rows(connection, sql, values);
        }
    }

    /** The rows of a query on the control plane (audit trail, grants) in the real servers' PostgreSQL. */
    static List<Map<String, String>> controlPlane(String sql, Object... values) throws SQLException {
        try (Connection connection =
                DriverManager.getConnection(RealServers.POSTGRES + RealServers.database("control"), "postgres", "")) {
            return rows(connection, sql, values);
        }
    }

    private static List<Map<String, String>> rows(Connection connection, String sql, Object... values)
            throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns; column++) {
                        row.put(
                                result.getMetaData().getColumnLabel(column).toLowerCase(java.util.Locale.ROOT),
                                result.getString(column));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
