package org.govshare.gateway.admin;

import java.time.Clock;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.audit.AdministrativeRecords;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires what the admin API offers beside the workflow: grants as code. */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

    @Bean
    GrantBaseline grantBaseline(
            JdbcPolicyAdministration administration,
            LiveCatalog live,
            PolicyChanges changes,
            AdministrativeRecords audit) {
        return new GrantBaseline(administration, live::catalog, changes, audit, Clock.systemUTC());
    }
}
