package org.govshare.gateway.read;

import org.govshare.gateway.testing.SourceStatementLog;
import org.govshare.gateway.testing.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The read-path suite on the demo default: five embedded H2 sources with generated data. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", TestSupport.TEST_GRANTS})
@Import(DemoReadPathIT.Sources.class)
class DemoReadPathIT extends ReadPathSuite {
    @TestConfiguration(proxyBeanMethods = false)
    static class Sources {
        @Bean
        SourceStatementLog sourceStatementLog() {
            return new SourceStatementLog();
        }
    }
}
