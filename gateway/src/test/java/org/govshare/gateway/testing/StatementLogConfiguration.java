package org.govshare.gateway.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the statements each source receives (and can fail a source), for tests that prove pushdown, claim checks at
 * the source and fault handling. Suites that import it with the same properties share one application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementLogConfiguration {
    @Bean
    SourceStatementLog sourceStatementLog() {
        return new SourceStatementLog();
    }
}
