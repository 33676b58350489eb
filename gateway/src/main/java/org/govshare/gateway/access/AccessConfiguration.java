package org.govshare.gateway.access;

import graphql.execution.instrumentation.Instrumentation;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.policy.store.JdbcPolicyStore;
import org.govshare.schema.catalog.Catalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the policy store, the decision step and the per-caller execution in front of the read path. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AccessConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    PolicyService policyService(
            DataSource controlPlane, @Value("${govshare.policy.maximum-staleness:PT5M}") Duration maximumStaleness) {
        return new PolicyService(new JdbcPolicyStore(controlPlane), maximumStaleness, Clock.systemUTC());
    }

    @Bean
    PolicyRefresher policyRefresher(PolicyService policies) {
        return new PolicyRefresher(policies);
    }

    @Bean
    AccessDecisionInstrumentation accessDecisionInstrumentation(Catalog catalog) {
        return new AccessDecisionInstrumentation(catalog, QueryLimits.DEFAULT);
    }

    @Bean
    DocumentLimits documentLimits() {
        return new DocumentLimits(QueryLimits.DEFAULT);
    }

    @Bean(destroyMethod = "close")
    ExecutionDeadline executionDeadline(@Value("${govshare.limits.execution-deadline:PT10S}") Duration deadline) {
        return new ExecutionDeadline(deadline);
    }

    @Bean
    ExecutionGraphQlService executionGraphQlService(
            GraphQlSource fullSource,
            Catalog catalog,
            PolicyService policies,
            ObjectProvider<DataFetcherExceptionResolver> resolvers,
            ObjectProvider<Instrumentation> instrumentations,
            BatchLoaderRegistry loaders,
            DocumentCache documents) {
        return new PerCallerGraphQlService(
                fullSource,
                catalog,
                policies,
                resolvers.orderedStream().toList(),
                instrumentations.orderedStream().toList(),
                loaders,
                documents);
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
