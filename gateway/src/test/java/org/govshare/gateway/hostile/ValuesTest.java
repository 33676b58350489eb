package org.govshare.gateway.hostile;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.govshare.gateway.testing.RealServersTest;
import org.govshare.gateway.testing.StatementLogConfiguration;
import org.govshare.gateway.testing.TestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The gateway the "values stay at the source" attacks run against: the real servers (PostgreSQL police, hrss and
 * control plane, MariaDB tax and medical, Redis quotas), the demo and test grants, and a log of the statements each
 * source received. Every class with this annotation shares one context, so each attack class uses consumers (or
 * subjects) of its own: their budgets must not meet. The control plane's pool keeps one idle connection: the
 * PostgreSQL server is shared by every cached context of the run (and by other checkouts' runs).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServersTest
@Import(StatementLogConfiguration.class)
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govshare.demo.residents=2000", TestSupport.TEST_GRANTS, "spring.datasource.hikari.minimum-idle=1"
        })
@interface ValuesTest {}
