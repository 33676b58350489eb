package org.govshare.loadtest.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/** The median of a few repetitions' values and their range, as the report prints them. */
public record Spread(double median, double minimum, double maximum, int count) {
    public Spread {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (minimum > median || median > maximum) {
            throw new IllegalArgumentException("minimum ≤ median ≤ maximum must hold");
        }
    }

    /** The spread of {@code values}, NaN values left out; null when none is left. */
    public static @Nullable Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (double value : values) {
            if (!Double.isNaN(value)) {
                sorted.add(value);
            }
        }
        if (sorted.isEmpty()) {
            return null;
        }
        Collections.sort(sorted);
        int size = sorted.size();
        double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(size - 1), size);
    }

    /** The spread of {@code value} over {@code items}; null when there is none. */
    public static <T> @Nullable Spread over(List<T> items, ToDoubleFunction<T> value) {
        List<Double> values = new ArrayList<>();
        for (T item : items) {
            values.add(value.applyAsDouble(item));
        }
        return of(values);
    }

    /** "median (minimum–maximum)" with {@code format} for each number; just the median for one repetition. */
    public String format(String format) {
        String middle = String.format(Locale.ROOT, format, median);
        if (count == 1) {
            return middle;
        }
        return middle + " (" + String.format(Locale.ROOT, format, minimum) + "–"
                + String.format(Locale.ROOT, format, maximum) + ")";
    }
}
