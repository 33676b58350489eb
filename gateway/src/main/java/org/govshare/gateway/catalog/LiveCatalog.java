package org.govshare.gateway.catalog;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import graphql.GraphQLContext;
import java.util.concurrent.atomic.AtomicReference;
import org.govshare.schema.catalog.Catalog;
import org.jspecify.annotations.Nullable;

/**
 * The catalog version that serves now. A request takes the version current when it starts and keeps it to the end
 * (it is in the request's GraphQL context); a reload swaps the next version in atomically. The plan cache's counts of
 * retired versions are kept, so the metrics stay monotonic across reloads.
 */
public final class LiveCatalog {
    private final AtomicReference<CatalogVersion> current;
    private final AtomicReference<CacheStats> retiredPlanStats = new AtomicReference<>(CacheStats.empty());

    public LiveCatalog(CatalogVersion initial) {
        this.current = new AtomicReference<>(initial);
    }

    public CatalogVersion current() {
        return current.get();
    }

    /** The current version's parsed catalog. */
    public Catalog catalog() {
        return current.get().catalog();
    }

    /** The version the request with this context runs on (the current one, for a context from outside a request). */
    public CatalogVersion of(@Nullable GraphQLContext context) {
        CatalogVersion pinned = context == null ? null : context.get(CatalogVersion.class);
        return pinned != null ? pinned : current.get();
    }

    /** Makes {@code next} current unless a newer version already is; true when it became current. */
    synchronized boolean swap(CatalogVersion next) {
        CatalogVersion previous = current.get();
        if (next.number() <= previous.number()) {
            return false;
        }
        retiredPlanStats.updateAndGet(stats -> stats.plus(previous.plans().stats()));
        current.set(next);
        return true;
    }

    /** Plan cache hits and misses of every version this instance has served. */
    public synchronized CacheStats planStats() {
        return retiredPlanStats.get().plus(current.get().plans().stats());
    }
}
