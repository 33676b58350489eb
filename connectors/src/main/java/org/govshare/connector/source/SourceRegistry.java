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

/** The configured sources by name; closing it closes every pool. */
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

    /**
     * Opens every source and reads the metadata of the tables named for it in {@code tablesBySource}, once;
     * {@code decorator} may wrap each source's pool (given the source name).
     */
    public static SourceRegistry open(
            Collection<SourceSettings> settings,
            Map<String, Set<String>> tablesBySource,
            DataSourceDecorator decorator) {
        Map<String, Source> sources = new LinkedHashMap<>();
        List<Source> opened = new ArrayList<>();
        try {
            for (SourceSettings setting : settings) {
                Source source = Source.open(
                        setting,
                        dataSource -> decorator.decorate(setting.name(), dataSource),
                        tablesBySource.getOrDefault(setting.name(), Set.of()));
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
    public Optional<Set<String>> columns(SourceTable table) {
        Source source = sources.get(table.source());
        return source == null ? Optional.empty() : source.columns(table.table());
    }

    @Override
    public void close() {
        sources.values().forEach(Source::close);
    }
}
