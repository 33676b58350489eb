package org.govshare.gateway.verification;

import java.time.Clock;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.config.GovshareProperties;
import org.govshare.schema.catalog.Catalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires verification: the guessing defence (in memory unless a shared one is configured) and the verify fields. */
@Configuration(proxyBeanMethods = false)
public class VerificationConfiguration {

    @Bean
    @ConditionalOnMissingBean(VerificationGuard.class)
    VerificationGuard inMemoryVerificationGuard(GovshareProperties properties) {
        return new InMemoryVerificationGuard(
                Clock.systemUTC(), properties.getVerification().getZone(), 1_000_000);
    }

    @Bean
    Verifier verifier(
            PlanCache plans, SourceQueryExecutor executor, VerificationGuard guard, GovshareProperties properties) {
        return new Verifier(
                plans, executor, guard, properties.getVerification().getDefaultMismatchesPerSubjectPerDay());
    }

    @Bean
    VerificationFetchers verificationFetchers(Catalog catalog, Verifier verifier) {
        return new VerificationFetchers(catalog, verifier);
    }
}
