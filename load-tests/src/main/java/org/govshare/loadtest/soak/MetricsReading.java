package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** One reading of the gateway's metrics (Prometheus' text format): the value of every series. */
record MetricsReading(List<Series> series) {
    MetricsReading {
        series = List.copyOf(series);
    }

    /** One time series: a metric's name, its labels and its value. */
    record Series(String name, Map<String, String> labels, double value) {
        Series {
            requireNonNull(name, "name is null");
            labels = Map.copyOf(labels);
        }
    }

    /** Reads Prometheus' text exposition format; comments and blank lines are skipped. */
    static MetricsReading parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                series.add(parseLine(trimmed));
            }
        }
        return new MetricsReading(series);
    }

    private static Series parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            String[] fields = line.split("\\s+");
            return new Series(fields[0], Map.of(), Double.parseDouble(fields[1]));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int position = brace + 1;
        while (line.charAt(position) != '}') {
            int equals = line.indexOf('=', position);
            String label = line.substring(position, equals).strip();
            StringBuilder value = new StringBuilder();
            int at = equals + 2; // after ="
            for (char next = line.charAt(at); next != '"'; next = line.charAt(at)) {
                if (next == '\\') {
                    char escaped = line.charAt(++at);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(next);
                }
                at++;
            }
            labels.put(label, value.toString());
            position = at + 1;
            if (line.charAt(position) == ',') {
                position++;
            }
        }
        String[] rest = line.substring(position + 1).strip().split("\\s+");
        return new Series(line.substring(0, brace), labels, Double.parseDouble(rest[0]));
    }

    /** The sum of {@code name}'s series whose labels pass {@code labels}; 0 when there is none. */
    double sum(String name, Predicate<Map<String, String>> labels) {
        return series.stream()
                .filter(one -> one.name().equals(name) && labels.test(one.labels()))
                .mapToDouble(Series::value)
                .sum();
    }

    /** {@code name}'s values by the value of {@code label}, in label order. */
    Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> values = new TreeMap<>();
        for (Series one : series) {
            if (one.name().equals(name)) {
                values.merge(one.labels().getOrDefault(label, ""), one.value(), Double::sum);
            }
        }
        return values;
    }

    /**
     * The long-lived part of the heap as the last collection left it: every heap pool but the young generation's
     * (eden and survivor spaces), whose use only a collection changes, so that a reading at any time is the use after
     * the last collection. A leak ends up there; the young generation's use rises and falls with each request.
     */
    long longLivedHeapBytes() {
        return (long) sum("jvm_memory_used_bytes", MetricsReading::isLongLivedHeap);
    }

    /** The most the long-lived part of the heap may hold. */
    long longLivedHeapMaximumBytes() {
        return (long) sum("jvm_memory_max_bytes", MetricsReading::isLongLivedHeap);
    }

    private static boolean isLongLivedHeap(Map<String, String> labels) {
        String pool = labels.getOrDefault("id", "");
        return "heap".equals(labels.get("area")) && !pool.contains("Eden") && !pool.contains("Survivor");
    }

    /** Connections in use per gateway connection pool (HikariCP's own meters, labelled by pool). */
    Map<String, Double> activeConnections() {
        return byLabel("hikaricp_connections_active", "pool");
    }

    /** Threads waiting for a connection per pool. */
    Map<String, Double> pendingConnections() {
        return byLabel("hikaricp_connections_pending", "pool");
    }

    /** Open connections (in use and idle) per pool. */
    Map<String, Double> openConnections() {
        return byLabel("hikaricp_connections", "pool");
    }

    /** The most connections each pool may open. */
    Map<String, Double> maximumConnections() {
        return byLabel("hikaricp_connections_max", "pool");
    }

    /** The gateway's own count of answered operations, by outcome and first error code ("ALLOWED none", …). */
    Map<String, Double> requestsByOutcome() {
        Map<String, Double> requests = new TreeMap<>();
        for (Series one : series) {
            if (one.name().equals("govshare_requests_total")) {
                requests.merge(
                        one.labels().getOrDefault("outcome", "?") + " "
                                + one.labels().getOrDefault("code", "?"),
                        one.value(),
                        Double::sum);
            }
        }
        return requests;
    }
}
