package org.govshare.gateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.audit.AdministrativeRecords;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Wires what the admin API offers beside the workflow: grants as code, and the baseline imported at start-up. */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    GrantBaseline grantBaseline(
            JdbcPolicyAdministration administration,
            LiveCatalog live,
            PolicyChanges changes,
            AdministrativeRecords audit,
            Clock clock) {
        return new GrantBaseline(administration, live::catalog, changes, audit, clock);
    }

    /** Imports {@code govshare.grants.baseline} at start-up, if set; a file with a problem stops start-up. */
    @Bean
    ApplicationRunner grantsBaselineAtStartUp(
            GrantBaseline baseline, GovshareProperties properties, ResourceLoader resources) {
        return arguments -> {
            String location = properties.getGrants().getBaseline();
            if (location == null || location.isBlank()) {
                return;
            }
            Resource file = resources.getResource(location.contains(":") ? location : "file:" + location);
            String text;
            try (InputStream in = file.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("govshare.grants.baseline " + location + " cannot be read", e);
            }
            GrantBaseline.Imported imported = baseline.importFile(
                    text,
                    "start-up of " + ManagementFactory.getRuntimeMXBean().getName(),
                    "the grants file " + location);
            if (!imported.imported()) {
                throw new IllegalStateException("the grants file " + location + " (govshare.grants.baseline) has "
                        + imported.problems().size() + " problem(s):\n  - "
                        + String.join("\n  - ", imported.problems()));
            }
            log.info(
                    "grants file {}: {} grant(s) changed{}, {} as recorded",
                    location,
                    imported.changed().size(),
                    imported.version() == null
                            ? ""
                            : " in policy version " + imported.version().version(),
                    imported.unchanged().size());
        };
    }
}
