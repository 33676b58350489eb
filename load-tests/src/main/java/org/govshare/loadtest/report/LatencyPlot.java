package org.govshare.loadtest.report;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Latency percentiles per workload as a PNG, drawn with Java2D (headless): one panel per workload, percentiles on
 * the horizontal axis, latency on a logarithmic vertical axis, one line per system.
 */
public final class LatencyPlot {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 360;
    private static final int COLUMNS = 3;
    private static final Color[] COLORS = {
        new Color(0xC0392B),
        new Color(0x2471A3),
        new Color(0x1E8449),
        new Color(0x7D3C98),
        new Color(0xB9770E),
        new Color(0x566573)
    };

    private LatencyPlot() {}

    /** One system's latencies (milliseconds) at the plot's percentiles; NaN where it has none. */
    public record Series(String name, List<Double> millis) {
        public Series {
            requireNonNull(name, "name is null");
            millis = List.copyOf(millis);
        }
    }

    /** One workload's panel. */
    public record Panel(String title, List<Series> series) {
        public Panel {
            requireNonNull(title, "title is null");
            series = List.copyOf(series);
        }
    }

    /** Draws {@code panels} with the given percentile labels (p50, p90, …) and writes the PNG. */
    public static void write(Path file, String title, List<String> percentiles, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int rows = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image =
                new BufferedImage(PANEL_WIDTH * COLUMNS, PANEL_HEIGHT * rows + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            graphics.drawString(title, 16, 26);
            // One colour per system in every panel, in the order systems first appear.
            Map<String, Color> colors = new LinkedHashMap<>();
            for (Panel panel : panels) {
                for (Series series : panel.series()) {
                    colors.putIfAbsent(series.name(), COLORS[colors.size() % COLORS.length]);
                }
            }
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(
                        graphics,
                        colors,
                        (i % COLUMNS) * PANEL_WIDTH,
                        40 + (i / COLUMNS) * PANEL_HEIGHT,
                        percentiles,
                        panels.get(i));
            }
        } finally {
            graphics.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawPanel(
            Graphics2D graphics, Map<String, Color> colors, int left, int top, List<String> percentiles, Panel panel) {
        int plotLeft = left + 60;
        int plotTop = top + 30;
        int plotWidth = PANEL_WIDTH - 90;
        int plotHeight = PANEL_HEIGHT - 150;
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        graphics.drawString(panel.title(), left + 12, top + 18);

        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (Series series : panel.series()) {
            for (double value : series.millis()) {
                if (!Double.isNaN(value) && value > 0) {
                    lowest = Math.min(lowest, value);
                    highest = Math.max(highest, value);
                }
            }
        }
        if (highest == 0) {
            graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            graphics.drawString("no measurements", plotLeft + 10, plotTop + 20);
            return;
        }
        double lowDecade = Math.floor(Math.log10(lowest));
        double highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(highest)));

        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = graphics.getFontMetrics();
        for (double decade = lowDecade; decade <= highDecade; decade++) {
            int y = y(Math.pow(10, decade), lowDecade, highDecade, plotTop, plotHeight);
            graphics.setColor(new Color(0xDDDDDD));
            graphics.drawLine(plotLeft, y, plotLeft + plotWidth, y);
            graphics.setColor(Color.DARK_GRAY);
            String label = millis(Math.pow(10, decade));
            graphics.drawString(label, plotLeft - 6 - metrics.stringWidth(label), y + 4);
        }
        graphics.setColor(Color.BLACK);
        graphics.drawRect(plotLeft, plotTop, plotWidth, plotHeight);
        for (int i = 0; i < percentiles.size(); i++) {
            int x = x(i, percentiles.size(), plotLeft, plotWidth);
            String label = percentiles.get(i);
            graphics.drawString(label, x - metrics.stringWidth(label) / 2, plotTop + plotHeight + 16);
        }

        int legendY = plotTop + plotHeight + 36;
        for (int s = 0; s < panel.series().size(); s++) {
            Series series = panel.series().get(s);
            graphics.setColor(colors.get(series.name()));
            graphics.setStroke(new BasicStroke(2f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < series.millis().size() && i < percentiles.size(); i++) {
                double value = series.millis().get(i);
                if (Double.isNaN(value) || value <= 0) {
                    previousX = -1;
                    continue;
                }
                int x = x(i, percentiles.size(), plotLeft, plotWidth);
                int y = y(value, lowDecade, highDecade, plotTop, plotHeight);
                graphics.fillOval(x - 3, y - 3, 7, 7);
                if (previousX >= 0) {
                    graphics.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            int legendX = left + 12 + (s % 2) * (PANEL_WIDTH / 2 - 10);
            int row = legendY + (s / 2) * 16;
            graphics.fillRect(legendX, row - 9, 12, 4);
            graphics.setColor(Color.BLACK);
            graphics.drawString(series.name(), legendX + 18, row - 4);
        }
        graphics.setStroke(new BasicStroke(1f));
    }

    private static int x(int index, int count, int left, int width) {
        return left + (int) Math.round(width * (index + 0.5) / count);
    }

    private static int y(double value, double lowDecade, double highDecade, int top, int height) {
        double position = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
        return top + height - (int) Math.round(height * position);
    }

    private static String millis(double value) {
        return value >= 1 ? String.format(Locale.ROOT, "%.0f ms", value) : String.format(Locale.ROOT, "%s ms", value);
    }
}
