package org.govshare.connector.execution;

/**
 * Watches each statement a source runs, around the source's guard, on the thread that runs it with the caller's
 * context restored: what operators measure (statements by source and outcome, statements under way) and, where the
 * caller's request is traced, a span in its trace.
 */
public interface SourceQueryObserver {
    /** Watches nothing. */
    SourceQueryObserver NONE = (source, sql) -> Watch.NONE;

    /** A statement of {@code sql} (placeholders, never values) starts on {@code source}. */
    Watch started(String source, String sql);

    /** One statement under way; ended exactly once. */
    interface Watch {
        Watch NONE = new Watch() {
            @Override
            public void answered() {}

            @Override
            public void failed(RuntimeException failure) {}
        };

        /** The source answered. */
        void answered();

        /** The source failed, timed out, or its guard refused the statement. */
        void failed(RuntimeException failure);
    }
}
