package org.govshare.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the audit trail, derived from one configured secret: one keys the hash chain, the other the subject
 * digests, so neither can stand in for the other.
 */
public record AuditKeys(byte[] chainKey, byte[] subjectKey) {
    public AuditKeys {
        chainKey = chainKey.clone();
        subjectKey = subjectKey.clone();
    }

    @Override
    public byte[] chainKey() {
        return chainKey.clone();
    }

    @Override
    public byte[] subjectKey() {
        return subjectKey.clone();
    }

    /**
     * The keys derived from a Base64 secret of at least 32 bytes; without one, random keys (valid for this process
     * only, which suits an in-memory trail and nothing else).
     */
    public static AuditKeys from(@Nullable String base64Secret) {
        byte[] secret;
        if (base64Secret == null || base64Secret.isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else {
            secret = Base64.getDecoder().decode(base64Secret.strip());
            if (secret.length < 32) {
                throw new IllegalArgumentException("govshare.audit.key must hold at least 32 bytes");
            }
        }
        return new AuditKeys(derive(secret, "govshare audit chain"), derive(secret, "govshare subject digest"));
    }

    private static byte[] derive(byte[] secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
