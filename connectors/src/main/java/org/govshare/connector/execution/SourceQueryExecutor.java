package org.govshare.connector.execution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.source.Source;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceUnavailableException;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * Runs compiled queries on their source's pool: binds the slot values at the placeholders, applies the source's
 * timeout, and reads each row as an array in the query's output order. Any failure of the source becomes a
 * {@link SourceUnavailableException}.
 */
public final class SourceQueryExecutor {
    private final SourceRegistry sources;
    private final SourceQueryListener listener;

    public SourceQueryExecutor(SourceRegistry sources, SourceQueryListener listener) {
        this.sources = sources;
        this.listener = listener;
    }

    /** Runs on the calling thread. */
    public List<@Nullable Object[]> execute(CompiledQuery query, @Nullable Object[] slots) {
        return run(sources.source(query.source()), query, slots);
    }

    /** Runs on the source's own bounded threads; refused at once when the source is saturated. */
    public CompletableFuture<List<@Nullable Object[]>> executeAsync(CompiledQuery query, @Nullable Object[] slots) {
        Source source = sources.source(query.source());
        try {
            return CompletableFuture.supplyAsync(() -> run(source, query, slots), source.executor());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SourceUnavailableException(source.name(), "saturated", e));
        }
    }

    private List<@Nullable Object[]> run(Source source, CompiledQuery query, @Nullable Object[] slots) {
        long started = System.nanoTime();
        try (Connection connection = source.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(query.sql())) {
            if (source.needsStatementTimeout()) {
                statement.setQueryTimeout(timeoutSeconds(source));
            }
            for (int position = 0; position < query.placeholderCount(); position++) {
                statement.setObject(position + 1, slots[query.slotAt(position)]);
            }
            List<@Nullable Object[]> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                List<ValueKind> kinds = query.columnKinds();
                while (resultSet.next()) {
                    Object[] row = new Object[kinds.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = read(resultSet, i + 1, kinds.get(i));
                    }
                    rows.add(row);
                }
            }
            listener.queried(source.name(), query.sql(), rows.size(), System.nanoTime() - started, false);
            return rows;
        } catch (SQLException e) {
            listener.queried(source.name(), query.sql(), -1, System.nanoTime() - started, true);
            throw new SourceUnavailableException(source.name(), "query failed", e);
        }
    }

    private static int timeoutSeconds(Source source) {
        // JDBC counts whole seconds; round up so a sub-second timeout still bounds the query.
        long millis = source.settings().queryTimeout().toMillis();
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    private static @Nullable Object read(ResultSet resultSet, int column, ValueKind kind) throws SQLException {
        Object value =
                switch (kind) {
                    case ID, STRING, ENUM -> resultSet.getString(column);
                    case INT -> resultSet.getInt(column);
                    case BOOLEAN -> resultSet.getBoolean(column);
                    case DATE -> resultSet.getObject(column, LocalDate.class);
                    case DECIMAL -> resultSet.getBigDecimal(column);
                };
        return resultSet.wasNull() ? null : value;
    }
}
