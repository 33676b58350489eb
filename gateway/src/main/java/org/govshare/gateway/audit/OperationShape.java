package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import graphql.language.AstPrinter;
import graphql.language.AstSignature;
import graphql.language.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The normalised shape of an operation as the audit trail keeps it: graphql-java's privacy-safe form (other
 * operations dropped, aliases removed, every literal value blanked, fields sorted), so the trail shows what was asked
 * for but no value, and its SHA-256, which groups equal shapes.
 */
public record OperationShape(String text, String hash) {
    /** The shape of a document that could not be parsed: nothing of it is kept. */
    public static final OperationShape INVALID = of("(invalid document)");

    public OperationShape {
        requireNonNull(text, "text is null");
        requireNonNull(hash, "hash is null");
    }

    public static OperationShape of(Document document, @Nullable String operationName) {
        return of(AstPrinter.printAstCompact(new AstSignature().privacySafeQuery(document, operationName)));
    }

    /** The shape of an operation described in words (an administrative one, which has no GraphQL document). */
    static OperationShape of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new OperationShape(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
