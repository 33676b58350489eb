package org.govshare.gateway.subject;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;

/**
 * The person or organisation a record is about, as quotas and the audit trail count them: the value of the record's
 * national identifier key ({@code RESIDENT_ID_NUMBER:44190019620315048X}), so that a resident's pension, income and
 * medical records are one subject with the resident; a type keyed otherwise is its own subject per key.
 */
public record Subject(String kind, String key) {
    public Subject {
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
    }

    /**
     * The subject of the record of {@code type} with these (normalised) key values in key order; a key prefix will do
     * when it holds the identifier (an income record's ID number without its year).
     */
    public static Subject of(CatalogType type, List<?> keyValues) {
        List<ColumnField> keyColumns = type.keyColumns();
        if (keyValues.isEmpty() || keyValues.size() > keyColumns.size()) {
            throw new IllegalArgumentException(type.name() + " has a key of " + keyColumns.size() + " fields");
        }
        for (int i = 0; i < keyValues.size(); i++) {
            ColumnField key = keyColumns.get(i);
            if (key.identifier().isPresent()) {
                return new Subject(key.identifier().get().name(), String.valueOf(keyValues.get(i)));
            }
        }
        List<String> values = new ArrayList<>();
        keyValues.forEach(value -> values.add(String.valueOf(value)));
        return new Subject(type.name(), String.join("|", values));
    }

    /** Never print the key: subjects end up in logs only by mistake. */
    @Override
    public String toString() {
        return "Subject[" + kind + "]";
    }
}
