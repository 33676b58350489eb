package org.govshare.connector.source;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptSchema;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.RelBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A Calcite schema over the tables one catalog version binds on one source, their metadata read once when it was
 * made, and the planning environment over it. A new catalog version that binds the same tables keeps it; one that
 * changes them gets a new one, while the source's pool stays.
 */
public final class SourceSchema {
    private final Source source;
    private final SchemaPlus rootSchema;
    private final Set<String> tables;
    private final Object planningLock = new Object();
    private @Nullable RelOptCluster cluster;
    private @Nullable RelOptSchema relOptSchema;

    SourceSchema(Source source, SchemaPlus rootSchema, Set<String> tables) {
        this.source = requireNonNull(source, "source is null");
        this.rootSchema = requireNonNull(rootSchema, "rootSchema is null");
        this.tables = Set.copyOf(tables);
    }

    public String name() {
        return source.name();
    }

    public SqlDialect dialect() {
        return source.dialect();
    }

    /** The tables whose metadata this schema holds, as they were asked for. */
    public Set<String> tables() {
        return tables;
    }

    /**
     * Runs {@code planning} with a relational builder over this schema's tables. Setting up Calcite's planning
     * environment costs milliseconds, so one is kept per schema; its metadata caches are not thread-safe, so planning
     * on one schema is serialised (it happens only for shapes not yet in the plan cache).
     */
    public <T> T plan(Function<RelBuilder, T> planning) {
        synchronized (planningLock) {
            if (cluster == null || relOptSchema == null) {
                FrameworkConfig config =
                        Frameworks.newConfigBuilder().defaultSchema(rootSchema).build();
                Frameworks.withPlanner(
                        (newCluster, newSchema, root) -> {
                            // Calcite finds metadata handlers through a thread-local set on the creating thread;
                            // plans are made on whichever request thread needs them, so bind the handlers here.
                            newCluster.setMetadataQuerySupplier(
                                    () -> new RelMetadataQuery(JaninoRelMetadataProvider.DEFAULT));
                            cluster = newCluster;
                            relOptSchema = newSchema;
                            return null;
                        },
                        config);
            }
            RelOptCluster planningCluster = requireNonNull(cluster, "cluster");
            try {
                return planning.apply(RelBuilder.proto(Contexts.empty()).create(planningCluster, relOptSchema));
            } finally {
                // Metadata cached while planning one shape is of no use for the next; let it go.
                planningCluster.invalidateMetadataQuery();
            }
        }
    }

    /** The source's table of that name (among those read), matched exactly first, then ignoring case. */
    public Optional<Named<Table>> table(String name) {
        SchemaPlus schema = requireNonNull(rootSchema.subSchemas().get(source.name()), "source schema missing");
        Table exact = schema.tables().get(name);
        if (exact != null) {
            return Optional.of(new Named<>(name, exact));
        }
        return Optional.ofNullable(schema.tables().getIgnoreCase(name));
    }
}
