package org.govshare.connector.execution;

/** Observes every query sent to a source (metrics, audit row counts, tests). Must be cheap and must not throw. */
@FunctionalInterface
public interface SourceQueryListener {
    SourceQueryListener NONE = (source, sql, rows, nanos, failure) -> {};

    /**
     * @param rows the rows returned, or -1 when the query failed
     * @param failure true when the source did not answer
     */
    void queried(String source, String sql, int rows, long nanos, boolean failure);
}
