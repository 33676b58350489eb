package org.govshare.gateway.readme;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The examples README.md marks for its test: a line {@code <!-- readme-test: <name> [command] [varies=a,b] -->} right
 * before a fenced {@code sh} block, and (unless the marker says {@code command}) the fenced block after it: the output
 * the commands print. {@code varies} names the JSON fields whose values differ from run to run (counts, times, ids);
 * nothing else may differ. Only marked blocks run: sections for an operator's own databases and issuers carry no
 * marker.
 */
record ReadmeExamples(List<Example> examples) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MARKER = Pattern.compile("<!-- readme-test: ([a-z0-9-]+)(.*?)-->");
    private static final Pattern VARIES = Pattern.compile("varies=([A-Za-z0-9_,]+)");

    /**
     * One marked example.
     *
     * @param output what the README shows the commands print; null for a command shown without output
     * @param outputLanguage the output block's language ({@code json} is compared as JSON, anything else as text)
     */
    record Example(
            String name,
            String commands,
            @Nullable String output,
            @Nullable String outputLanguage,
            Set<String> varies,
            int line) {
        Example {
            requireNonNull(name, "name is null");
            requireNonNull(commands, "commands is null");
            varies = Set.copyOf(varies);
        }

        /**
         * Output as compared: trailing white space trimmed; JSON written compactly with the values of the fields
         * that vary replaced by {@code "…"} (a text that is not JSON stays as it is, so a difference shows).
         */
        String comparable(String printed) {
            String trimmed = printed.strip();
            if (!"json".equals(outputLanguage)) {
                return trimmed;
            }
            try {
                return JSON.writeValueAsString(blank(JSON.readTree(trimmed)));
            } catch (JacksonException e) {
                return trimmed;
            }
        }

        private JsonNode blank(JsonNode node) {
            if (node instanceof ObjectNode object) {
                for (String field : List.copyOf(object.propertyNames())) {
                    if (varies.contains(field)) {
                        object.put(field, "…");
                    } else {
                        blank(object.get(field));
                    }
                }
            } else if (node instanceof ArrayNode array) {
                array.forEach(this::blank);
            }
            return node;
        }
    }

    ReadmeExamples {
        examples = List.copyOf(examples);
    }

    static ReadmeExamples parse(String readme) {
        List<String> lines = readme.lines().toList();
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i).trim());
            if (!marker.matches()) {
                continue;
            }
            String name = marker.group(1);
            String options = marker.group(2);
            Block commands = block(lines, i + 1, name);
            if (!"sh".equals(commands.language())) {
                throw new IllegalStateException("README line " + (i + 1) + ": " + name + " marks no sh block");
            }
            Block output = null;
            if (!options.contains("command")) {
                output = block(lines, commands.end() + 1, name);
            }
            Matcher varies = VARIES.matcher(options);
            examples.add(new Example(
                    name,
                    commands.text(),
                    output == null ? null : output.text(),
                    output == null ? null : output.language(),
                    varies.find() ? Set.of(varies.group(1).split(",")) : Set.of(),
                    i + 1));
        }
        return new ReadmeExamples(examples);
    }

    Example named(String name) {
        return examples.stream()
                .filter(example -> example.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("README has no example " + name));
    }

    private record Block(String language, String text, int end) {}

    /** The fenced block starting at the first non-blank line from {@code from}. */
    private static Block block(List<String> lines, int from, String example) {
        int start = from;
        while (start < lines.size() && lines.get(start).isBlank()) {
            start++;
        }
        if (start >= lines.size() || !lines.get(start).startsWith("```")) {
            throw new IllegalStateException("README example " + example + ": no fenced block at line " + (start + 1));
        }
        String language = lines.get(start).substring(3).trim();
        StringBuilder text = new StringBuilder();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
            text.append(lines.get(end)).append('\n');
            end++;
        }
        return new Block(language, text.toString(), end);
    }
}
