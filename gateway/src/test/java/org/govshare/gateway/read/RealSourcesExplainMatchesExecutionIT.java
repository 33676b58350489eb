package org.govshare.gateway.read;

import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Explain against execution on the real servers: police and hrss on PostgreSQL, tax and medical on MariaDB, market
 * on H2, so the SQL compared is each engine's own dialect.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "govshare.demo.residents=2000",
            "govshare.sources.hrss.query-timeout=1s",
            TestSupport.TEST_GRANTS,
            ExplainMatchesExecutionSuite.OWN_CONTEXT
        })
class RealSourcesExplainMatchesExecutionIT extends ExplainMatchesExecutionSuite {}
