package org.govshare.gateway.read;

import org.govshare.gateway.testing.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Explain against execution on the demo default: five embedded H2 sources with generated data. */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", TestSupport.TEST_GRANTS, ExplainMatchesExecutionSuite.OWN_CONTEXT
        })
class DemoExplainMatchesExecutionIT extends ExplainMatchesExecutionSuite {}
