package org.govshare.gateway.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.govshare.gateway.config.GovshareProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Fills the configured sources with generated demo data once, before the gateway opens its read-only pools on them
 * ({@code govshare.demo.generate=true}: on in the demo profile, and in tests that load the real servers).
 */
@Component
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
