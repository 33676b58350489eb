package org.govshare.connector.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.govshare.connector.source.SourceSchemas;
import org.govshare.schema.catalog.Catalog;

/**
 * Compiled plans by shape. Planning through Calcite costs milliseconds, so it happens once per shape; every later
 * request with an equal shape binds its values to the cached SQL. The key is exactly the shape: the type, the
 * returned fields (sorted), the fields matched and filtered, the batch size and whether a cursor is given. One cache
 * belongs to one catalog version: its shapes name that version's types, and its plans read that version's schemas.
 */
public final class PlanCache {
    private final SourceSchemas sources;
    private final PlanCompiler compiler;
    private final Catalog catalog;
    private final Cache<ReadShape, CompiledQuery> plans;

    public PlanCache(Catalog catalog, SourceSchemas sources, long maximumShapes) {
        this.sources = sources;
        this.compiler = new PlanCompiler(catalog);
        this.catalog = catalog;
        this.plans =
                Caffeine.newBuilder().maximumSize(maximumShapes).recordStats().build();
    }

    public CompiledQuery plan(ReadShape shape) {
        return plans.get(shape, this::compile);
    }

    private CompiledQuery compile(ReadShape shape) {
        return compiler.compile(
                shape, sources.schema(catalog.requireType(shape.type()).source()));
    }

    public CacheStats stats() {
        return plans.stats();
    }

    /** Drops every plan, e.g. after the catalog or a source's schema changed. */
    public void invalidateAll() {
        plans.invalidateAll();
    }
}
