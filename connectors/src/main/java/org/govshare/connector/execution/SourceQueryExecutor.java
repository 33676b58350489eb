package org.govshare.connector.execution;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.govshare.connector.plan.CompiledQuery;
import org.govshare.connector.source.Source;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceUnavailableException;
import org.govshare.schema.catalog.ValueKind;
import org.jspecify.annotations.Nullable;

/**
 * Runs compiled queries on their source's pool: binds the slot values at the placeholders, applies the source's
 * timeout, and reads each row as an array in the query's output order, through the source's guard. Any failure of
 * the source, or a refusal by its guard, becomes a {@link SourceUnavailableException}.
 */
public final class SourceQueryExecutor {
    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private final SourceRegistry sources;
    private final SourceQueryListener listener;
    private final SourceQueryObserver observer;

    public SourceQueryExecutor(SourceRegistry sources, SourceQueryListener listener) {
        this(sources, listener, SourceQueryObserver.NONE);
    }

    /** @param observer watches every query (measures per source, a span where the caller's request is traced) */
    public SourceQueryExecutor(SourceRegistry sources, SourceQueryListener listener, SourceQueryObserver observer) {
        this.sources = sources;
        this.listener = listener;
        this.observer = observer;
    }

    /** Runs on the calling thread. */
    public List<@Nullable Object[]> execute(CompiledQuery query, @Nullable Object[] slots) {
        Source source = sources.source(query.source());
        return observed(source, query, () -> run(source, query, slots));
    }

    /**
     * Runs on the source's own bounded threads; refused at once when the source is saturated. The caller's context
     * (its trace, its observation) goes along, so the query is observed as part of the caller's request.
     */
    public CompletableFuture<List<@Nullable Object[]>> executeAsync(CompiledQuery query, @Nullable Object[] slots) {
        return executeAsync(query, slots, SNAPSHOTS.captureAll());
    }

    /** As {@link #executeAsync(CompiledQuery, Object[])}, with the caller's context given rather than this thread's. */
    public CompletableFuture<List<@Nullable Object[]>> executeAsync(
            CompiledQuery query, @Nullable Object[] slots, ContextSnapshot context) {
        Source source = sources.source(query.source());
        try {
            // The caller waits no longer than the source's timeout (and a margin for the network), whatever the driver
            // does: a stuck query keeps only its own thread and its place in the source's bulkhead.
            long limit = source.settings().queryTimeout().toMillis() + 500;
            return CompletableFuture.supplyAsync(
                            () -> {
                                ContextSnapshot.Scope restored = context.setThreadLocals();
                                try {
                                    return observed(source, query, () -> run(source, query, slots));
                                } finally {
                                    restored.close();
                                }
                            },
                            source.executor())
                    .orTimeout(limit, TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        if (cause instanceof TimeoutException) {
                            throw new SourceUnavailableException(source.name(), "timed out", cause);
                        }
                        throw failure instanceof CompletionException completion
                                ? completion
                                : new CompletionException(cause);
                    });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SourceUnavailableException(source.name(), "saturated", e));
        }
    }

    private List<@Nullable Object[]> observed(
            Source source, CompiledQuery query, Supplier<List<@Nullable Object[]>> run) {
        SourceQueryObserver.Watch watch = observer.started(source.name(), query.sql());
        List<@Nullable Object[]> rows;
        try {
            rows = source.guard().call(run);
        } catch (RuntimeException e) {
            watch.failed(e);
            throw e;
        }
        watch.answered();
        return rows;
    }

    private List<@Nullable Object[]> run(Source source, CompiledQuery query, @Nullable Object[] slots) {
        long started = System.nanoTime();
        try (Connection connection = source.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(query.sql())) {
            if (source.needsStatementTimeout()) {
                statement.setQueryTimeout(timeoutSeconds(source));
            }
            if (source.needsNetworkTimeout()) {
                // The statement timeout is enforced by the server; a network that holds the answer back (or a server
                // that stops answering) is cut by the socket's read timeout, a little later.
                connection.setNetworkTimeout(
                        Runnable::run, (int) source.settings().queryTimeout().toMillis() + 500);
            }
            CompiledQuery.ArrayParameter array = query.arrayParameter();
            for (int position = 0; position < query.placeholderCount(); position++) {
                int slot = query.slotAt(position);
                if (array != null && slot == array.slot()) {
                    statement.setArray(
                            position + 1,
                            connection.createArrayOf(
                                    array.elementType(),
                                    Arrays.copyOfRange(slots, array.from(), array.from() + array.length())));
                } else {
                    statement.setObject(position + 1, slots[slot]);
                }
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
