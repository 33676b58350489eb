package org.govshare.gateway.read;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.schema.catalog.ColumnField;

/**
 * Opaque page cursors. A cursor carries only the key of the last record of a page; decoding yields a plain string
 * that is checked like a key argument and then bound as a parameter. Nothing is ever deserialised into objects.
 */
final class Cursors {
    private static final String PREFIX = "k1:";
    private static final int MAXIMUM_LENGTH = 256;

    private Cursors() {}

    static String encode(Object key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    static Object decode(String cursor, ColumnField keyField) {
        String text;
        try {
            if (cursor.length() > MAXIMUM_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid();
        }
        String key = text.substring(PREFIX.length());
        if (keyField.identifier().isPresent()) {
            return keyField.identifier().get().normalize(key).orElseThrow(Cursors::invalid);
        }
        return switch (keyField.kind()) {
            case INT -> parseInt(key);
            case ID, STRING -> key;
            default -> throw invalid();
        };
    }

    private static Integer parseInt(String key) {
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static GovshareException invalid() {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, "after is not a cursor of this field");
    }
}
