package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void findsTheSelectedMetricsButNoFunctionKeywordOrLabel() {
        String quantile = "histogram_quantile(0.95, sum by (le, kind) "
                + "(rate(govshare_request_duration_seconds_bucket{outcome=\"ALLOWED\",instance=~\"$instance\"}"
                + "[$__rate_interval])))";
        String ratio = "sum(rate(govshare_plan_cache_requests_total{result=\"hit\"}[5m])) / sum(rate(other_total[5m]))";

        assertThat(PromQl.metrics(quantile)).containsExactly("govshare_request_duration_seconds_bucket");
        assertThat(PromQl.metrics(ratio)).containsExactly("govshare_plan_cache_requests_total", "other_total");
        assertThat(PromQl.metrics("jvm_gc_live_data_size_bytes")).containsExactly("jvm_gc_live_data_size_bytes");
    }

    @Test
    void findsTheLabelsMatchedAndGroupedBy() {
        String expression = "sum by (source, outcome) (rate(govshare_source_query_seconds_count"
                + "{pool=~\"source-.*\", kind!=\"a,b\"}[1m]))";

        assertThat(PromQl.labels(expression)).containsExactlyInAnyOrder("source", "outcome", "pool", "kind");
    }
}
