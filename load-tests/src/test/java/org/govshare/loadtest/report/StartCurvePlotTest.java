package org.govshare.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartCurvePlotTest {
    @Test
    void drawsAThroughputAndACpuLinePerSystemWithinTheFirstMinutes() {
        String svg = StartCurvePlot.render(
                "W1 after start",
                300,
                List.of(
                        new StartCurvePlot.Series(
                                "govshare",
                                List.of(
                                        new StartCurvePlot.Point(10, 150, 2_000),
                                        new StartCurvePlot.Point(60, 2_000, 400),
                                        new StartCurvePlot.Point(400, 4_000, 200))),
                        new StartCurvePlot.Series(
                                "PostGraphile <v5>", List.of(new StartCurvePlot.Point(5, 8_000, Double.NaN)))));

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        // govshare: a throughput line and a CPU line of two points each (the slice after 300 s is left out).
        assertThat(svg.split("<polyline", -1)).hasSize(1 + 3);
        assertThat(svg).contains("PostGraphile &lt;v5&gt;").contains("throughput (requests/s)");
        assertThat(svg).contains("CPU per request (µs)").contains("300 s");
    }
}
