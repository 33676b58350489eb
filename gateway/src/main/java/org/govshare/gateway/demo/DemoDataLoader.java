package org.govshare.gateway.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.govshare.gateway.config.DeploymentSettings;
import org.govshare.gateway.settings.GovshareProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Fills the configured sources with generated demo data once, before the gateway opens its read-only pools on them
 * ({@code govshare.demo.generate=true}, in the demo profile only). The generator drops and re-creates its tables, so
 * it refuses, before it connects to any, every source that is not an embedded in-memory database.
 */
@Component
@Profile(DeploymentSettings.DEMO)
@ConditionalOnProperty(name = "govshare.demo.generate", havingValue = "true")
public class DemoDataLoader {
    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final GovshareProperties properties;
    private final AtomicBoolean loaded = new AtomicBoolean();

    public DemoDataLoader(GovshareProperties properties) {
        this.properties = properties;
    }

    public void load() {
        if (!loaded.compareAndSet(false, true)) {
            return;
        }
        List<String> refused = properties.getSources().entrySet().stream()
                .filter(source -> !String.valueOf(source.getValue().getUrl()).startsWith(DemoDataGenerator.IN_MEMORY))
                .map(source -> "govshare.sources." + source.getKey() + ".url="
                        + source.getValue().getUrl())
                .toList();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the demo generator drops and re-creates its tables, so it writes only to"
                    + " embedded in-memory databases (" + DemoDataGenerator.IN_MEMORY + "); refused " + refused
                    + ". Set govshare.demo.generate=false to serve these sources' own data");
        }
        Map<String, DataSource> writers = new LinkedHashMap<>();
        try {
            properties.getSources().forEach((name, source) -> writers.put(name, writer(name, source)));
            GovshareProperties.Demo demo = properties.getDemo();
            new DemoDataGenerator(demo.getSeed()).generate(writers, demo.getResidents(), (table, done, total) -> {});
        } catch (SQLException e) {
            throw new IllegalStateException("demo data generation failed", e);
        } finally {
            writers.values().forEach(writer -> ((HikariDataSource) writer).close());
        }
        log.info("demo data ready");
    }

    private static DataSource writer(String name, GovshareProperties.Source source) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("demo-writer-" + name);
        config.setJdbcUrl(source.getUrl());
        config.setUsername(source.getUsername());
        config.setPassword(source.getPassword());
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }
}
