package org.govshare.gateway.subject;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Keyed digests of subjects (HMAC-SHA256): what the audit trail and the shared quota counters store instead of ID
 * numbers. Without the key a digest cannot be matched to a guessed ID number; with it, the trail can be searched by
 * subject.
 */
public final class SubjectDigests {
    private final KeyedMacs macs;

    public SubjectDigests(byte[] key) {
        this.macs = new KeyedMacs(key, "subject digest");
    }

    /** The subject's digest, 64 hex characters. */
    public String digest(Subject subject) {
        Mac mac = macs.mac();
        mac.update(subject.kind().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) ':');
        return HexFormat.of().formatHex(mac.doFinal(subject.key().getBytes(StandardCharsets.UTF_8)));
    }
}
