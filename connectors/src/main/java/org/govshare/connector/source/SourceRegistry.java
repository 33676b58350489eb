package org.govshare.connector.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.govshare.schema.catalog.SourceMetadata;
import org.govshare.schema.catalog.SourceTable;
import org.govshare.schema.catalog.TableDescription;
import org.jspecify.annotations.Nullable;

/**
 * The configured sources by name, each with its pool, for as long as the gateway runs (a catalog reload keeps them);
 * closing it closes every pool. It describes the sources' tables as they are now, for the catalog check.
 */
public final class SourceRegistry implements AutoCloseable, SourceMetadata {
    /** Wraps a source's pool, e.g. to observe the statements it receives. */
    @FunctionalInterface
    public interface DataSourceDecorator {
        DataSource decorate(String sourceName, DataSource dataSource);
    }

    private final Map<String, Source> sources;

    private SourceRegistry(Map<String, Source> sources) {
        this.sources = Collections.unmodifiableMap(sources);
    }

    /** Opens every source; {@code decorator} may wrap each source's pool (given the source name). */
    public static SourceRegistry open(Collection<SourceSettings> settings, DataSourceDecorator decorator) {
        Map<String, Source> sources = new LinkedHashMap<>();
        List<Source> opened = new ArrayList<>();
        try {
            for (SourceSettings setting : settings) {
                Source source = Source.open(setting, dataSource -> decorator.decorate(setting.name(), dataSource));
                opened.add(source);
                if (sources.putIfAbsent(setting.name(), source) != null) {
                    throw new IllegalArgumentException("source " + setting.name() + " is configured twice");
                }
            }
        } catch (RuntimeException e) {
            opened.forEach(Source::close);
            throw e;
        }
        return new SourceRegistry(sources);
    }

    public Set<String> names() {
        return sources.keySet();
    }

    public Source source(String name) {
        Source source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no source " + name);
        }
        return source;
    }

    public Collection<Source> all() {
        return sources.values();
    }

    @Override
    public Optional<TableDescription> describe(SourceTable table) {
        Source source = sources.get(table.source());
        return source == null ? Optional.empty() : source.describe(table.table());
    }

    /** Calcite schemas over the tables {@code tablesBySource} names, read now from every source that has some. */
    public SourceSchemas schemas(Map<String, Set<String>> tablesBySource) {
        return schemas(tablesBySource, null, Set.of());
    }

    /**
     * Calcite schemas over the tables {@code tablesBySource} names: a source's schema in {@code previous} is kept when
     * it holds the same tables (and {@code reread} does not name the source), the others are read now.
     */
    public SourceSchemas schemas(
            Map<String, Set<String>> tablesBySource, @Nullable SourceSchemas previous, Set<String> reread) {
        Map<String, SourceSchema> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> tables : tablesBySource.entrySet()) {
            String name = tables.getKey();
            SourceSchema kept = previous != null && previous.names().contains(name) ? previous.schema(name) : null;
            schemas.put(
                    name,
                    kept != null && kept.tables().equals(tables.getValue()) && !reread.contains(name)
                            ? kept
                            : source(name).readSchema(tables.getValue()));
        }
        return new SourceSchemas(schemas);
    }

    @Override
    public void close() {
        sources.values().forEach(Source::close);
    }
}
