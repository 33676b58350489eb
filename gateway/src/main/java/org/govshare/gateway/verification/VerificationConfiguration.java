package org.govshare.gateway.verification;

import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.schema.catalog.Catalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires verification: the verifier (its guessing defence comes with the quotas) and the verify fields, made for each
 * catalog version on its plans.
 */
@Configuration(proxyBeanMethods = false)
public class VerificationConfiguration {

    @Bean
    VerificationFetchers.Factory verificationFetchers(
            SourceQueryExecutor executor, VerificationGuard guard, DailyWindow window, GovshareProperties properties) {
        return (Catalog catalog, PlanCache plans) -> new VerificationFetchers(
                catalog,
                new Verifier(
                        plans,
                        executor,
                        guard,
                        window,
                        properties.getVerification().getDefaultMismatchesPerSubjectPerDay()));
    }
}
