package org.govshare.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.govshare.policy.store.JdbcPolicyStore;
import org.govshare.schema.catalog.Catalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires the policy store and the decision step in front of the read path; the per-caller execution is made per
 * catalog version.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AccessConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    PolicyService policyService(
            DataSource controlPlane,
            @Value("${govshare.policy.maximum-staleness:PT5M}") Duration maximumStaleness,
            Clock clock) {
        return new PolicyService(new JdbcPolicyStore(controlPlane), maximumStaleness, clock);
    }

    @Bean
    PolicyRefresher policyRefresher(PolicyService policies) {
        return new PolicyRefresher(policies);
    }

    /**
     * The access decision of one catalog version (each version makes its own, with its per-caller execution service:
     * see {@code catalog.CatalogBuild}).
     */
    @Bean
    Function<Catalog, AccessDecisionInstrumentation> accessDecisions(Clock clock) {
        return catalog -> new AccessDecisionInstrumentation(catalog, QueryLimits.DEFAULT, clock);
    }

    @Bean
    DocumentLimits documentLimits() {
        return new DocumentLimits(QueryLimits.DEFAULT);
    }

    @Bean(destroyMethod = "close")
    ExecutionDeadline executionDeadline(@Value("${govshare.limits.execution-deadline:PT10S}") Duration deadline) {
        return new ExecutionDeadline(deadline);
    }

    /** Reloads the policy every few seconds ({@code govshare.policy.refresh}). */
    static final class PolicyRefresher {
        private final PolicyService policies;

        PolicyRefresher(PolicyService policies) {
            this.policies = policies;
        }

        @Scheduled(fixedDelayString = "${govshare.policy.refresh:PT5S}")
        void refresh() {
            policies.refresh();
        }
    }
}
