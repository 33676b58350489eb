package org.govshare.gateway.verification;

import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The verification suite against the real servers: claims about residents checked by PostgreSQL (police, hrss) and
 * MariaDB (tax), so the claim SQL is proven on the engines that hold the data.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", "govshare.sources.hrss.query-timeout=1s", TestSupport.TEST_GRANTS
        })
class RealSourcesVerificationIT extends VerificationSuite {}
