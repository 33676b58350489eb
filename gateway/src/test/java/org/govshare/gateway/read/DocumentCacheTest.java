package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.parser.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One budget of bytes over every view; a document is cached per view, since it was validated against that view. */
class DocumentCacheTest {
    private final AtomicInteger parsed = new AtomicInteger();

    private PreparsedDocumentEntry find(PreparsedDocumentProvider provider, String query) {
        return provider.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), input -> {
                    parsed.incrementAndGet();
                    return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
                })
                .join();
    }

    @Test
    void manyViewsAndDocumentsStayWithinOneBudget() {
        long budget = 1024 * 1024;
        DocumentCache cache = new DocumentCache(budget);
        String padding = "x".repeat(10_000);
        List<PreparsedDocumentProvider> views = new ArrayList<>();
        for (int view = 0; view < 40; view++) {
            views.add(cache.forView(new Object()));
        }

        for (int i = 0; i < 2_000; i++) {
            find(views.get(i % views.size()), "{ catalog(search: \"" + padding + i + "\") { name } }");
        }

        assertThat(cache.weightedSize()).isPositive().isLessThanOrEqualTo(budget);
    }

    @Test
    void aDocumentIsParsedOncePerView() {
        DocumentCache cache = new DocumentCache(1024 * 1024);
        PreparsedDocumentProvider one = cache.forView(new Object());
        PreparsedDocumentProvider other = cache.forView(new Object());

        PreparsedDocumentEntry first = find(one, "{ catalog { name } }");
        PreparsedDocumentEntry again = find(one, "{ catalog { name } }");
        PreparsedDocumentEntry elsewhere = find(other, "{ catalog { name } }");

        assertThat(again).isSameAs(first);
        assertThat(elsewhere).isNotSameAs(first);
        assertThat(parsed.get()).isEqualTo(2);
    }

    @Test
    void aCheckBeforeExecutionReusesTheViewsParsedDocument() {
        DocumentCache cache = new DocumentCache(1024 * 1024);
        Object view = new Object();
        PreparsedDocumentProvider provider = cache.forView(view);

        assertThat(cache.cached(view, "{ catalog { name } }")).isNull();
        PreparsedDocumentEntry entry = find(provider, "{ catalog { name } }");

        assertThat(cache.cached(view, "{ catalog { name } }")).isSameAs(entry.getDocument());
        assertThat(cache.cached(new Object(), "{ catalog { name } }")).isNull();
        assertThat(parsed.get()).isEqualTo(1);
    }

    @Test
    void anEntryWeighsItsTextAndItsTree() {
        String small = "{ a }";
        String large = "{ " + "a ".repeat(400) + "}";

        int smallWeight = DocumentCache.weight(small, Parser.parse(small));
        int largeWeight = DocumentCache.weight(large, Parser.parse(large));

        assertThat(largeWeight - smallWeight).isGreaterThan(400 * DocumentCache.BYTES_PER_NODE);
    }
}
