package org.govshare.loadtest.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The first minutes after each system's start as an SVG: throughput (requests per second) and CPU time per request
 * against the seconds since the process started, one line per system, so that how long a system takes to serve at
 * full speed can be seen beside its peers.
 */
public final class StartCurvePlot {
    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 50;
    private static final String[] COLORS = {"#C0392B", "#2471A3", "#1E8449", "#7D3C98", "#B9770E", "#566573"};

    private StartCurvePlot() {}

    /** One slice after a start: seconds since the process started, requests per second, CPU µs per request (NaN). */
    public record Point(double seconds, double rate, double cpuMicrosPerRequest) {}

    /** One system's slices, in time order. */
    public record Series(String name, List<Point> points) {
        public Series {
            requireNonNull(name, "name is null");
            points = List.copyOf(points);
        }
    }

    public static void write(Path svg, String title, double lastSecond, List<Series> series) throws IOException {
        Files.writeString(svg, render(title, lastSecond, series), StandardCharsets.UTF_8);
    }

    /** The SVG text: two panels (throughput, CPU per request) over {@code [0, lastSecond]} seconds. */
    public static String render(String title, double lastSecond, List<Series> series) {
        StringBuilder svg = new StringBuilder();
        int width = 2 * PANEL_WIDTH;
        int height = PANEL_HEIGHT + 30 + 20 * series.size();
        svg.append(format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width, height));
        svg.append(format(
                "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">%s</text>\n",
                width / 2, escape(title)));
        panel(svg, 0, "throughput (requests/s)", lastSecond, series, Point::rate);
        panel(svg, PANEL_WIDTH, "CPU per request (µs)", lastSecond, series, Point::cpuMicrosPerRequest);
        for (int i = 0; i < series.size(); i++) {
            int y = PANEL_HEIGHT + 25 + 20 * i;
            svg.append(format(
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>\n",
                    LEFT,
                    y - 4,
                    LEFT + 30,
                    y - 4,
                    color(i),
                    LEFT + 40,
                    y,
                    escape(series.get(i).name())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(
            StringBuilder svg,
            int x0,
            String label,
            double lastSecond,
            List<Series> series,
            java.util.function.ToDoubleFunction<Point> value) {
        double highest = 0;
        for (Series one : series) {
            for (Point point : one.points()) {
                double v = value.applyAsDouble(point);
                if (Double.isFinite(v)) {
                    highest = Math.max(highest, v);
                }
            }
        }
        highest = highest <= 0 ? 1 : niceCeiling(highest);
        int plotWidth = PANEL_WIDTH - LEFT - RIGHT;
        int plotHeight = PANEL_HEIGHT - TOP - BOTTOM;
        int left = x0 + LEFT;
        int bottom = TOP + plotHeight;
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                left + plotWidth / 2, TOP - 12, escape(label)));
        svg.append(format(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                left, TOP, plotWidth, plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double v = highest * tick / 4;
            int y = bottom - plotHeight * tick / 4;
            svg.append(format(
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    left, y, left + plotWidth, y, left - 6, y + 4, tickLabel(v)));
        }
        double step = lastSecond <= 60 ? 10 : 60;
        for (double s = 0; s <= lastSecond + 1e-9; s += step) {
            int x = left + (int) Math.round(plotWidth * s / lastSecond);
            svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>\n", x, bottom + 18, s));
        }
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the process started</text>\n",
                left + plotWidth / 2, bottom + 38));
        for (int i = 0; i < series.size(); i++) {
            StringBuilder points = new StringBuilder();
            for (Point point : series.get(i).points()) {
                double v = value.applyAsDouble(point);
                if (!Double.isFinite(v) || point.seconds() > lastSecond) {
                    continue;
                }
                double x = left + plotWidth * point.seconds() / lastSecond;
                double y = bottom - plotHeight * Math.min(v, highest) / highest;
                points.append(format("%.1f,%.1f ", x, y));
            }
            if (!points.isEmpty()) {
                svg.append(format(
                        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n",
                        color(i), points.toString().trim()));
            }
        }
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= value) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String tickLabel(double value) {
        return value >= 100 || value == Math.rint(value) ? format("%,.0f", value) : format("%.1f", value);
    }

    private static String color(int index) {
        return COLORS[index % COLORS.length];
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }
}
