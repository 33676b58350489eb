package org.govshare.gateway.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a job's subjects from an upload as a stream, one at a time: NDJSON, one object per line
 * ({@code {"idNumber": "…"}}, with {@code "claims": {…}} when each subject carries its own claims), or CSV with a
 * header row whose first column is the key field and whose other columns, if any, are per-subject claims
 * ({@code idNumber,name}). Input errors name the line, never its content.
 */
final class SubjectUpload implements Iterator<SubjectUpload.Line> {
    /** One subject as uploaded: its key text and its own claims (null: the job's shared claims apply). */
    record Line(int number, String key, @Nullable Map<String, Object> claims) {}

    /** The upload formats. */
    enum Format {
        NDJSON,
        CSV
    }

    private final Format format;
    private final String keyField;
    private final @Nullable BufferedReader lines;
    private final @Nullable Iterator<CSVRecord> records;
    private final List<String> header;
    private @Nullable Line next;
    private int number;

    SubjectUpload(InputStream body, Format format, String keyField) {
        this.format = format;
        this.keyField = keyField;
        InputStreamReader reader = new InputStreamReader(body, StandardCharsets.UTF_8);
        if (format == Format.CSV) {
            try {
                CSVParser parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreSurroundingSpaces(true)
                        .setIgnoreEmptyLines(true)
                        .get()
                        .parse(reader);
                this.header = parser.getHeaderNames();
                this.records = parser.iterator();
            } catch (IOException | RuntimeException e) {
                throw JobClaims.invalid("line 1: the CSV header cannot be read");
            }
            if (header.isEmpty() || !header.get(0).equals(keyField)) {
                throw JobClaims.invalid("line 1: the CSV header's first column must be " + keyField);
            }
            this.lines = null;
            this.number = 1;
        } else {
            this.lines = new BufferedReader(reader, 1 << 16);
            this.records = null;
            this.header = List.of();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    private @Nullable Line read() {
        return format == Format.CSV ? readCsv() : readJson();
    }

    private @Nullable Line readCsv() {
        Iterator<CSVRecord> iterator = records;
        try {
            if (iterator == null || !iterator.hasNext()) {
                return null;
            }
            CSVRecord record = iterator.next();
            number++;
            if (record.size() != header.size()) {
                throw JobClaims.invalid("line " + number + ": expected " + header.size() + " columns");
            }
            Map<String, Object> claims = null;
            if (header.size() > 1) {
                claims = new LinkedHashMap<>();
                for (int i = 1; i < header.size(); i++) {
                    claims.put(header.get(i), record.get(i));
                }
            }
            return new Line(number, record.get(0), claims);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw JobClaims.invalid("line " + (number + 1) + ": not CSV");
        }
    }

    private @Nullable Line readJson() {
        BufferedReader reader = lines;
        if (reader == null) {
            return null;
        }
        String text;
        try {
            do {
                text = reader.readLine();
                number++;
            } while (text != null && text.isBlank());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text == null) {
            return null;
        }
        JsonNode node;
        try {
            node = JobClaims.JSON.readTree(text);
        } catch (JacksonException e) {
            throw JobClaims.invalid("line " + number + ": not a JSON object");
        }
        if (!node.isObject()) {
            throw JobClaims.invalid("line " + number + ": not a JSON object");
        }
        JsonNode key = node.get(keyField);
        if (key == null || !key.isString()) {
            throw JobClaims.invalid("line " + number + ": " + keyField + " is required as a string");
        }
        Map<String, Object> claims = null;
        for (String name : node.propertyNames()) {
            if (name.equals("claims")) {
                if (!node.get(name).isObject()) {
                    throw JobClaims.invalid("line " + number + ": claims must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> given = JobClaims.JSON.convertValue(node.get(name), Map.class);
                claims = given;
            } else if (!name.equals(keyField)) {
                throw JobClaims.invalid("line " + number + ": only " + keyField + " and claims may be given");
            }
        }
        return new Line(number, key.asString(), claims);
    }
}
