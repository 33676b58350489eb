package org.govshare.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Automatic persisted queries (Apollo's protocol, also urql's): a client sends {@code
 * extensions.persistedQuery.sha256Hash} alone; when the gateway does not know the hash it answers with the error
 * message {@code PersistedQueryNotFound}, the client sends the document with its hash, and later requests send the
 * hash alone. Documents are remembered per consumer (so a hash reveals nothing about another consumer's documents,
 * which may hold ID numbers as literals), only when the hash is the document's SHA-256, and within a bound on the
 * characters kept: an evicted document costs its client one more round trip, nothing else.
 */
public final class PersistedQueries {
    /** The error message persisted-query clients recognise. */
    public static final String NOT_FOUND = "PersistedQueryNotFound";

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

    private record Key(String consumer, String hash) {}

    private final Cache<Key, String> documents;

    /** @param maximumCharacters the characters of documents kept over all consumers */
    public PersistedQueries(long maximumCharacters) {
        this.documents = Caffeine.newBuilder()
                .maximumWeight(maximumCharacters)
                .weigher((Key key, String document) ->
                        document.length() + key.consumer().length() + 64)
                .build();
    }

    /**
     * The hash a request's {@code extensions} name, or null when they name none.
     *
     * @throws IllegalArgumentException when {@code persistedQuery} is there but is not version 1 with a SHA-256 hash
     */
    static @Nullable String hashOf(JsonNode extensions) {
        JsonNode persisted = extensions.get("persistedQuery");
        if (persisted == null || persisted.isNull()) {
            return null;
        }
        JsonNode version = persisted.get("version");
        JsonNode hash = persisted.get("sha256Hash");
        if (version == null || !version.isIntegralNumber() || version.asInt() != 1) {
            throw new IllegalArgumentException("persistedQuery.version must be 1");
        }
        if (hash == null
                || !hash.isString()
                || !SHA_256.matcher(hash.asString()).matches()) {
            throw new IllegalArgumentException("persistedQuery.sha256Hash must be a SHA-256 hash in hexadecimal");
        }
        return hash.asString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The document this consumer sent earlier with this hash, or null. */
    @Nullable
    String find(String consumer, String hash) {
        return documents.getIfPresent(new Key(consumer, hash));
    }

    /** Remembers the document under its hash for this consumer; false when the hash is not the document's. */
    boolean remember(String consumer, String hash, String document) {
        if (!sha256(document).equals(hash)) {
            return false;
        }
        documents.put(new Key(consumer, hash), document);
        return true;
    }

    static String sha256(String document) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
