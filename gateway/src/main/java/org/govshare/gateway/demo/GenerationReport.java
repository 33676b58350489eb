package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a generator run wrote: rows per table (fixed records included) and the wall-clock time it took. */
public record GenerationReport(Map<String, Long> rowsByTable, Duration elapsed) {
    public GenerationReport {
        rowsByTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsByTable));
        requireNonNull(elapsed, "elapsed is null");
    }

    /** Rows written into {@code table}; zero when its source was not given. */
    public long rows(String table) {
        return rowsByTable.getOrDefault(table, 0L);
    }

    /** Rows written into all tables. */
    public long totalRows() {
        return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
