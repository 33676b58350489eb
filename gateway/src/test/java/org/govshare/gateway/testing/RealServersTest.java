package org.govshare.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a gateway test against the local servers: sources on PostgreSQL (police, hrss) and MariaDB (tax, medical),
 * market on H2, control plane (grants, audit trail) on PostgreSQL, quota counters in Redis. The databases are created
 * when missing and filled with the demo data by the test itself, once per run (the gateway's generator writes only to
 * in-memory databases); the control plane is made afresh once per test run. The databases are named after
 * {@link RealServers#DATABASE_PREFIX}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealServers.Databases.class)
@TestPropertySource(
        properties = {
            "spring.datasource.url=" + RealServers.POSTGRES + "${GOVSHARE_TEST_DATABASE_PREFIX:govshare}_control",
            "spring.datasource.username=postgres",
            "govshare.sources.police.url=" + RealServers.POSTGRES + "${GOVSHARE_TEST_DATABASE_PREFIX:govshare}_police",
            "govshare.sources.police.username=postgres",
            "govshare.sources.hrss.url=" + RealServers.POSTGRES + "${GOVSHARE_TEST_DATABASE_PREFIX:govshare}_hrss",
            "govshare.sources.hrss.username=postgres",
            "govshare.sources.tax.url=" + RealServers.MARIADB + "${GOVSHARE_TEST_DATABASE_PREFIX:govshare}_tax",
            "govshare.sources.tax.username=root",
            "govshare.sources.tax.dialect=mariadb",
            "govshare.sources.medical.url=" + RealServers.MARIADB + "${GOVSHARE_TEST_DATABASE_PREFIX:govshare}_medical",
            "govshare.sources.medical.username=root",
            "govshare.sources.medical.dialect=mariadb",
            "govshare.audit.key=" + RealServers.AUDIT_KEY,
            // Filled by RealServers.Databases before the context starts.
            "govshare.demo.generate=false",
            "govshare.quotas.redis-url=" + RealServers.REDIS,
            // Every context counts afresh: quotas of earlier runs (same day) must not carry over.
            "govshare.quotas.redis-key-prefix=test-${random.uuid}",
        })
public @interface RealServersTest {}
