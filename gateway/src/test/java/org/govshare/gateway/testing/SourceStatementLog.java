package org.govshare.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.govshare.connector.source.SourceRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records, at the JDBC driver boundary, every statement each source receives (through datasource-proxy), and can
 * make a source fail on demand. Tests read it to prove pushdown, batching and fault handling.
 */
public final class SourceStatementLog implements SourceRegistry.DataSourceDecorator {
    /** One statement as the source's driver received it, with the number of parameters bound to it. */
    public record Statement(String source, String sql, int parameters) {}

    private final List<Statement> statements = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> buggy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<@Nullable After> after =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** What runs once after the next statement at a source whose text contains something. */
    private record After(String source, String containing, Runnable action) {}

    @Override
    public DataSource decorate(String sourceName, DataSource dataSource) {
        DataSource recorded = ProxyDataSourceBuilder.create(dataSource)
                .name(sourceName)
                .afterQuery((execution, queries) -> queries.forEach(query -> {
                    statements.add(new Statement(
                            sourceName,
                            query.getQuery(),
                            query.getParametersList().isEmpty()
                                    ? 0
                                    : query.getParametersList().get(0).size()));
                    After next = after.get();
                    if (next != null
                            && next.source().equals(sourceName)
                            && query.getQuery().contains(next.containing())
                            && after.compareAndSet(next, null)) {
                        next.action().run();
                    }
                }))
                .build();
        return new TestingFailingDataSource(
                recorded, () -> failing.contains(sourceName), () -> buggy.contains(sourceName));
    }

    public void clear() {
        statements.clear();
        after.set(null);
    }

    public List<Statement> statements() {
        return List.copyOf(statements);
    }

    public List<String> sqlOf(String source) {
        return statements.stream()
                .filter(s -> s.source().equals(source))
                .map(Statement::sql)
                .toList();
    }

    public void fail(String source) {
        failing.add(source);
    }

    /** The source's pool throws an unexpected runtime exception, as a bug of ours would. */
    public void breakWithABug(String source) {
        buggy.add(source);
    }

    /**
     * Runs {@code action} once, on the thread that sent it, right after the next statement at {@code source} whose text
     * contains {@code containing} was executed (before its caller reads the answer).
     */
    public void afterNext(String source, String containing, Runnable action) {
        after.set(new After(source, containing, action));
    }

    public void heal() {
        failing.clear();
        buggy.clear();
    }
}
