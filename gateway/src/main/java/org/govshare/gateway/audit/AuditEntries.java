package org.govshare.gateway.audit;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** How audit values are written as text in the store. */
final class AuditEntries {
    private AuditEntries() {}

    /** Rows per source: {@code hrss=1,police=1}, sources sorted. */
    static String rows(Map<String, Long> rows) {
        StringJoiner joined = new StringJoiner(",");
        new TreeMap<>(rows).forEach((source, count) -> joined.add(source + "=" + count));
        return joined.toString();
    }
}
