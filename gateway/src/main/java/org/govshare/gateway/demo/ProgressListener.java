package org.govshare.gateway.demo;

/**
 * Receives the generator's progress, for example to draw a progress bar. Each table's writer runs on its own thread,
 * so calls for different tables may arrive concurrently.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Reports that {@code done} of {@code total} subjects of {@code table} are written: residents for the resident,
     * pension, income and medical tables, enterprises for the enterprise table. The fixed records are not counted.
     */
    void onProgress(String table, long done, long total);

    /** A listener that ignores every report. */
    static ProgressListener none() {
        return (table, done, total) -> {};
    }
}
