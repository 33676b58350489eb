package org.govshare.gateway.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.source.SourceRegistry;

/**
 * Holds the queries of one source while told to, so that a test can keep a request in flight: a query of that source
 * ({@code SourceQueryExecutor}'s, on a source thread or on the request's own) waits for a connection until {@link
 * #resume()}. Other uses of its connections (the catalog check reading metadata) pass.
 */
public final class TestingPausedSource implements SourceRegistry.DataSourceDecorator {
    private static final StackWalker QUERIES = StackWalker.getInstance();
    private static final String EXECUTOR = SourceQueryExecutor.class.getName();

    private final String source;
    private volatile CountDownLatch resumed = new CountDownLatch(0);
    private volatile CountDownLatch held = new CountDownLatch(1);

    public TestingPausedSource(String source) {
        this.source = source;
    }

    @Override
    public DataSource decorate(String sourceName, DataSource dataSource) {
        if (!sourceName.equals(source)) {
            return dataSource;
        }
        return new DelegatingConnections(dataSource, () -> {
            if (QUERIES.walk(
                    frames -> frames.anyMatch(frame -> frame.getClassName().equals(EXECUTOR)))) {
                CountDownLatch waiting = resumed;
                if (waiting.getCount() > 0) {
                    held.countDown();
                    try {
                        waiting.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
    }

    /** From now on the source's queries wait. */
    public void pause() {
        held = new CountDownLatch(1);
        resumed = new CountDownLatch(1);
    }

    /** Waits until a query of the source is held. */
    public void awaitHeld() throws InterruptedException {
        if (!held.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no query of " + source + " came");
        }
    }

    public void resume() {
        resumed.countDown();
    }

    /** A data source that runs a step before lending each connection. */
    private static final class DelegatingConnections extends org.springframework.jdbc.datasource.DelegatingDataSource {
        private final Runnable beforeEach;

        DelegatingConnections(DataSource delegate, Runnable beforeEach) {
            super(delegate);
            this.beforeEach = beforeEach;
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            beforeEach.run();
            return super.getConnection();
        }
    }
}
