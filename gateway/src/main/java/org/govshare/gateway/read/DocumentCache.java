package org.govshare.gateway.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.language.Node;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parsed and validated documents by their text, per schema view, within one budget of bytes. Parsing and validating a
 * small document costs more than the source query itself, and clients send the same few documents with different
 * variables. Only valid documents are kept, so a stream of malformed requests cannot fill the cache; validation never
 * depends on variable values.
 *
 * <p>Entries are weighed by the bytes they hold (the text and the parsed tree, estimated from its nodes), and the
 * cache as a whole stays within {@code maximumBytes}, however many views or callers there are. Caffeine's admission
 * policy (W-TinyLFU) keeps documents that are used often when a stream of one-off documents arrives: a client
 * inventing documents does not evict the others' working set.
 */
public final class DocumentCache implements PreparsedDocumentProvider {
    /** Longer documents are rare and would take an outsized share of the cache. */
    private static final int MAXIMUM_CACHED_LENGTH = 16 * 1024;

    /**
     * Bytes a parsed node holds with its source location, lists and names, on a 64-bit JVM with compressed pointers
     * (measured on graphql-java 25 documents, from a lookup to 450 fields: 91 to 112 bytes a node).
     */
    static final int BYTES_PER_NODE = 128;

    /** The entry, its key and the cache's own node. */
    private static final int BYTES_PER_ENTRY = 200;

    private record Key(Object view, String text) {}

    private final Cache<Key, PreparsedDocumentEntry> documents;
    private final Object defaultView = new Object();

    /** A cache of at most {@code maximumBytes} (estimated) over every view. */
    public DocumentCache(long maximumBytes) {
        this.documents = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((Key key, PreparsedDocumentEntry entry) -> weight(key.text(), entry.getDocument()))
                .build();
    }

    /**
     * The documents of one schema view (a document valid against one schema may be invalid against another); views
     * share this cache's budget. Views are told apart by {@code equals}: a plain {@code new Object()} per view.
     */
    public PreparsedDocumentProvider forView(Object view) {
        return (input, parseAndValidate) -> find(view, input, parseAndValidate);
    }

    /**
     * The document of {@code text} as {@code view} parsed and validated it, when it is cached; null otherwise. For a
     * check that needs only the syntax tree before execution, so that it does not parse what is parsed already.
     */
    public @Nullable Document cached(Object view, String text) {
        PreparsedDocumentEntry entry = documents.getIfPresent(new Key(view, text));
        return entry == null || entry.hasErrors() ? null : entry.getDocument();
    }

    /** The cache's own view, for a single schema. */
    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
            ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        return find(defaultView, input, parseAndValidate);
    }

    /** The estimated bytes the cached documents hold now, once pending evictions are done. */
    public long weightedSize() {
        documents.cleanUp();
        return documents.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    private CompletableFuture<PreparsedDocumentEntry> find(
            Object view, ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        Key key = new Key(view, query);
        PreparsedDocumentEntry cached = documents.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors() && query.length() <= MAXIMUM_CACHED_LENGTH) {
            documents.put(key, entry);
        }
        return CompletableFuture.completedFuture(entry);
    }

    /**
     * The estimated bytes of one entry: its text (UTF-16 at worst), the names, values and comments its tree copies
     * from the text (as much again), and the tree's nodes.
     */
    static int weight(String text, Document document) {
        long bytes = BYTES_PER_ENTRY + 4L * text.length() + (long) BYTES_PER_NODE * nodes(document);
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static int nodes(Document document) {
        int count = 0;
        Deque<Node<?>> pending = new ArrayDeque<>();
        pending.push(document);
        while (!pending.isEmpty()) {
            Node<?> node = pending.pop();
            count++;
            for (Node<?> child : node.getChildren()) {
                pending.push(child);
            }
        }
        return count;
    }
}
