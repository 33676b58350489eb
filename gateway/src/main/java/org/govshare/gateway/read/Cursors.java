package org.govshare.gateway.read;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.schema.catalog.ColumnField;

/**
 * Opaque page cursors: the key of the last record of a page, encrypted and authenticated (AES-GCM). A caller whose
 * grant masks the key (an ID number shown as {@code 441900************}) can therefore not read it back from a
 * cursor, and cannot forge one. A decrypted cursor is a plain string, checked like a key argument and bound as a
 * parameter; nothing is ever deserialised into objects.
 */
public final class Cursors {
    private static final String PREFIX = "k1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAXIMUM_LENGTH = 256;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** @param key an AES key shared by every gateway instance that should accept each other's cursors */
    public Cursors(SecretKey key) {
        this.key = key;
    }

    String encode(Object recordKey) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal((PREFIX + recordKey).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a cursor", e);
        }
    }

    Object decode(String cursor, ColumnField keyField) {
        String text;
        try {
            if (cursor.length() > MAXIMUM_LENGTH) {
                throw invalid();
            }
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            // Shorter than an IV and a tag, GCM fails with an unchecked exception instead of refusing.
            if (bytes.length < IV_BYTES + TAG_BITS / Byte.SIZE) {
                throw invalid();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            text = new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid();
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid();
        }
        String value = text.substring(PREFIX.length());
        if (keyField.identifier().isPresent()) {
            return keyField.identifier().get().normalize(value).orElseThrow(Cursors::invalid);
        }
        return switch (keyField.kind()) {
            case INT -> parseInt(value);
            case ID, STRING -> value;
            default -> throw invalid();
        };
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static GovshareException invalid() {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, "after is not a cursor of this field");
    }
}
