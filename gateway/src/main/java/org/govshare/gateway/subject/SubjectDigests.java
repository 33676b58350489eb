package org.govshare.gateway.subject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests of subjects (HMAC-SHA256): what the audit trail and the shared quota counters store instead of ID
 * numbers. Without the key a digest cannot be matched to a guessed ID number; with it, the trail can be searched by
 * subject.
 */
public final class SubjectDigests {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public SubjectDigests(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the subject digest key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The subject's digest, 64 hex characters. */
    public String digest(Subject subject) {
        Mac mac = macs.get();
        mac.update(subject.kind().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) ':');
        return HexFormat.of().formatHex(mac.doFinal(subject.key().getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
