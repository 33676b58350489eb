package org.govshare.gateway.operations;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to check a dashboard against a scrape: the metric names an expression selects and the
 * label names it matches or groups by. Functions, aggregations, keywords, numbers, strings and range selectors are
 * not names.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)\\}");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "and",
            "or",
            "unless",
            "inf",
            "nan");

    private PromQl() {}

    /** The metric names the expression selects. */
    static Set<String> metrics(String expression) {
        String rest = GROUPING.matcher(MATCHERS.matcher(
                                RANGE.matcher(STRING.matcher(expression).replaceAll("\"\""))
                                        .replaceAll(" "))
                        .replaceAll(" "))
                .replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group();
            int next = identifier.end();
            while (next < rest.length() && rest.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < rest.length() && rest.charAt(next) == '(';
            if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The label names the expression matches on ({@code {a="…"}}) or groups by ({@code by (a, b)}). */
    static Set<String> labels(String expression) {
        String withoutStrings = STRING.matcher(expression).replaceAll("\"\"");
        Set<String> labels = new LinkedHashSet<>();
        Matcher matchers = MATCHERS.matcher(withoutStrings);
        while (matchers.find()) {
            Matcher label = LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(withoutStrings);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }
}
