package org.govshare.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsReadingTest {
    private static final String TEXT = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="Eden Space"} 1.5E8
            jvm_memory_used_bytes{area="heap",id="Survivor Space"} 2000000.0
            jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 4.5E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
            jvm_memory_max_bytes{area="heap",id="Eden Space"} 2.8E8
            jvm_memory_max_bytes{area="heap",id="Tenured Gen"} 7.0E8
            hikaricp_connections_active{pool="HikariPool-1"} 1.0
            hikaricp_connections_active{pool="source-police"} 0.0
            hikaricp_connections_pending{pool="HikariPool-1"} 2.0
            govshare_requests_total{code="none",outcome="ALLOWED"} 120.0
            govshare_requests_total{code="FORBIDDEN_FIELD",outcome="DENIED"} 30.0
            odd_label{path="a \\"quoted\\", comma",x="y"} 7 1700000000000
            process_uptime_seconds 12.5
            """;

    @Test
    void readsTheOldGenerationAsTheLongLivedHeap() {
        MetricsReading reading = MetricsReading.parse(TEXT);

        assertThat(reading.longLivedHeapBytes()).isEqualTo(45_000_000L);
        assertThat(reading.longLivedHeapMaximumBytes()).isEqualTo(700_000_000L);
    }

    @Test
    void readsConnectionsPerPoolAndRequestsPerOutcome() {
        MetricsReading reading = MetricsReading.parse(TEXT);

        assertThat(reading.activeConnections()).isEqualTo(Map.of("HikariPool-1", 1.0, "source-police", 0.0));
        assertThat(reading.pendingConnections()).containsEntry("HikariPool-1", 2.0);
        assertThat(reading.requestsByOutcome())
                .containsEntry("ALLOWED none", 120.0)
                .containsEntry("DENIED FORBIDDEN_FIELD", 30.0);
    }

    @Test
    void readsEscapedLabelValuesTimestampsAndSeriesWithoutLabels() {
        MetricsReading reading = MetricsReading.parse(TEXT);

        assertThat(reading.sum(
                        "odd_label",
                        labels -> labels.get("path").equals("a \"quoted\", comma")
                                && labels.get("x").equals("y")))
                .isEqualTo(7);
        assertThat(reading.sum("process_uptime_seconds", labels -> labels.isEmpty()))
                .isEqualTo(12.5);
    }
}
