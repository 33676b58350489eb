package org.govshare.gateway.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.govshare.schema.catalog.CatalogFile;

/**
 * A catalog version as the control plane records it: its number, when and by whom it was made current and why, the
 * digest of its files (equal files, equal digest) and their names.
 */
public record CatalogRecord(
        long version, Instant createdAt, String author, String reason, String digest, List<String> files) {
    public CatalogRecord {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(author, "author is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(digest, "digest is null");
        files = List.copyOf(files);
    }

    /**
     * SHA-256 over the files' base names and contents, in order: the same catalog has the same digest wherever its
     * folder is.
     */
    public static String digest(List<CatalogFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (CatalogFile file : files) {
                String name = file.name();
                String baseName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
                for (String part : List.of(baseName, file.content())) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    digest.update(String.valueOf(bytes.length).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) ':');
                    digest.update(bytes);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
