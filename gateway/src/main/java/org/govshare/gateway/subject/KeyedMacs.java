package org.govshare.gateway.subject;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, one initialised {@link Mac} per thread (a {@code Mac} is not thread-safe, and looking one
 * up and initialising it per use costs more than the digest): for subject digests and the audit chain alike.
 */
public final class KeyedMacs {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** {@code name} says whose key it is in the refusal of a key shorter than 32 bytes. */
    public KeyedMacs(byte[] key, String name) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the " + name + " key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** This thread's MAC, reset: ready for a new message. */
    public Mac mac() {
        Mac mac = macs.get();
        mac.reset();
        return mac;
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
