package org.govshare.gateway.verification;

import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.config.GovshareProperties;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.schema.catalog.Catalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires verification: the verifier (its guessing defence comes with the quotas) and the verify fields. */
@Configuration(proxyBeanMethods = false)
public class VerificationConfiguration {

    @Bean
    Verifier verifier(
            PlanCache plans,
            SourceQueryExecutor executor,
            VerificationGuard guard,
            DailyWindow window,
            GovshareProperties properties) {
        return new Verifier(
                plans, executor, guard, window, properties.getVerification().getDefaultMismatchesPerSubjectPerDay());
    }

    @Bean
    VerificationFetchers verificationFetchers(Catalog catalog, Verifier verifier) {
        return new VerificationFetchers(catalog, verifier);
    }
}
