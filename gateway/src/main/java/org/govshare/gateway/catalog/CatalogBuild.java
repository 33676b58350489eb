package org.govshare.gateway.catalog;

import graphql.execution.instrumentation.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.connector.source.SourceSchemas;
import org.govshare.gateway.access.AccessDecisionInstrumentation;
import org.govshare.gateway.access.Explainer;
import org.govshare.gateway.access.PerCallerGraphQlService;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.read.CatalogDataFetchers;
import org.govshare.gateway.read.Cursors;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.gateway.verification.VerificationFetchers;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogBindingCheck;
import org.govshare.schema.catalog.CatalogException;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelationField;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.DataLoaderRegistrar;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Checks a catalog and builds a {@link CatalogVersion} from it. The check is everything a start-up checks: the SDL
 * (syntax, directives, references) and the bindings against the live sources (tables, columns, types, indexes,
 * 一数一源); every problem is reported at once. Building makes what serves the version: the sources' Calcite schemas
 * (kept from the previous version for sources whose bindings did not change; the pools always stay), a new plan cache
 * warmed with one key lookup per type, the data fetchers and relation loaders, the full schema with the workflow's
 * fields, and the per-caller execution service and explainer over it.
 */
public final class CatalogBuild {
    private static final Logger log = LoggerFactory.getLogger(CatalogBuild.class);

    /** What the build needs from the rest of the gateway, which lives across versions. */
    public record Parts(
            SourceRegistry sources,
            SourceQueryExecutor executor,
            Cursors cursors,
            PolicyService policies,
            VerificationFetchers.Factory verification,
            Function<Catalog, AccessDecisionInstrumentation> decisions,
            List<DataFetcherExceptionResolver> resolvers,
            List<Instrumentation> instrumentations,
            List<RuntimeWiringConfigurer> wiring,
            DataLoaderRegistrar loaders,
            DocumentCache documents,
            long planCacheSize) {
        public Parts {
            Objects.requireNonNull(sources, "sources is null");
            resolvers = List.copyOf(resolvers);
            instrumentations = List.copyOf(instrumentations);
            wiring = List.copyOf(wiring);
        }
    }

    private final Parts parts;

    public CatalogBuild(Parts parts) {
        this.parts = parts;
    }

    /** Parses the files and checks them against the live sources; a {@link CatalogException} names every problem. */
    public Catalog check(List<CatalogFile> files) {
        Catalog catalog = new CatalogParser(parts.sources().names()).parse(files);
        CatalogBindingCheck.verify(catalog, parts.sources());
        return catalog;
    }

    /** Builds everything that serves a checked catalog; {@code previous} lends the schemas that stay the same. */
    public CatalogVersion build(
            Catalog catalog, List<CatalogFile> files, CatalogRecord record, @Nullable CatalogVersion previous) {
        long started = System.nanoTime();
        SourceSchemas schemas = parts.sources()
                .schemas(
                        catalog.tablesBySource(),
                        previous == null ? null : previous.schemas(),
                        previous == null ? Set.of() : changedSources(previous.catalog(), catalog));
        PlanCache plans = new PlanCache(catalog, schemas, parts.planCacheSize());
        CatalogDataFetchers data = new CatalogDataFetchers(catalog, plans, parts.executor(), parts.cursors());
        List<Instrumentation> instrumentations = new ArrayList<>(parts.instrumentations());
        instrumentations.add(parts.decisions().apply(catalog));
        AnnotationAwareOrderComparator.sort(instrumentations);
        GraphQlSource.SchemaResourceBuilder builder = GraphQlSource.schemaResourceBuilder()
                .schemaResources(
                        new ByteArrayResource(
                                catalog.publicSdl().getBytes(StandardCharsets.UTF_8),
                                "govshare catalog version " + record.version()),
                        new ClassPathResource("workflow/types.graphqls"),
                        new ClassPathResource("workflow/workflow.graphqls"))
                .configureRuntimeWiring(data)
                .configureRuntimeWiring(parts.verification().create(catalog, plans))
                .exceptionResolvers(parts.resolvers())
                .instrumentation(instrumentations);
        parts.wiring().forEach(builder::configureRuntimeWiring);
        GraphQlSource full = builder.build();
        PerCallerGraphQlService execution = new PerCallerGraphQlService(
                full,
                catalog,
                parts.policies(),
                parts.resolvers(),
                instrumentations,
                parts.loaders(),
                parts.documents());
        Explainer explainer = new Explainer(full.schema(), catalog, parts.policies(), plans);
        warmUp(catalog, plans);
        log.info(
                "catalog version {} built in {} ms: {} types on {} sources",
                record.version(),
                (System.nanoTime() - started) / 1_000_000,
                catalog.types().size(),
                catalog.sourceNames().size());
        return new CatalogVersion(record, catalog, files, schemas, plans, full.schema(), execution, explainer);
    }

    /**
     * Plans one key lookup per type. The first plan on a source loads Calcite and sets up its planning context (a
     * second or more); doing it here keeps that off the first caller's request. Plans only: no source is queried.
     */
    private static void warmUp(Catalog catalog, PlanCache plans) {
        for (CatalogType type : catalog.types().values()) {
            plans.plan(KeyLookupShape.byKey(type.name(), type.keyFields())
                    .reading(type.keyFields(), List.of(), List.of()));
        }
    }

    /**
     * The sources whose bindings differ between two catalogs (a table, a column or a relation's columns): their
     * tables may have changed with the catalog, so their metadata is read again.
     */
    static Set<String> changedSources(Catalog before, Catalog after) {
        Map<String, Set<String>> old = bindings(before);
        Map<String, Set<String>> now = bindings(after);
        Set<String> changed = new TreeSet<>();
        for (String source : now.keySet()) {
            if (!now.get(source).equals(old.get(source))) {
                changed.add(source);
            }
        }
        return changed;
    }

    private static Map<String, Set<String>> bindings(Catalog catalog) {
        Map<String, Set<String>> bindings = new TreeMap<>();
        for (CatalogType type : catalog.types().values()) {
            Set<String> bound = bindings.computeIfAbsent(type.source(), source -> new TreeSet<>());
            for (CatalogField field : type.fields().values()) {
                if (field instanceof ColumnField column) {
                    bound.add(type.table().table() + "." + column.column() + ":" + column.kind());
                } else if (field instanceof RelationField relation) {
                    bound.add(type.table().table() + "." + String.join(",", relation.columns()));
                }
            }
        }
        return bindings;
    }
}
