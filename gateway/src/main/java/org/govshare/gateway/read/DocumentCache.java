package org.govshare.gateway.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated documents by their text. Parsing and validating a small document costs more than the source
 * query itself, and clients send the same few documents with different variables. Only valid documents are kept, so
 * a stream of malformed requests cannot fill the cache; validation never depends on variable values.
 */
public final class DocumentCache implements PreparsedDocumentProvider {
    /** Longer documents are rare and would take an outsized share of the cache. */
    private static final int MAXIMUM_CACHED_LENGTH = 16 * 1024;

    private final Cache<String, PreparsedDocumentEntry> documents;

    public DocumentCache(long maximumDocuments) {
        this.documents = Caffeine.newBuilder().maximumSize(maximumDocuments).build();
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
            ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        PreparsedDocumentEntry cached = documents.getIfPresent(query);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors() && query.length() <= MAXIMUM_CACHED_LENGTH) {
            documents.put(query, entry);
        }
        return CompletableFuture.completedFuture(entry);
    }
}
