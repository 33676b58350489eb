package org.govshare.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import javax.sql.DataSource;
import org.govshare.gateway.audit.AdministrativeRecords;
import org.govshare.gateway.audit.AuditChain;
import org.govshare.gateway.audit.AuditInterceptor;
import org.govshare.gateway.audit.AuditKeys;
import org.govshare.gateway.audit.AuditLog;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.subject.SubjectDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the audit trail: its keys, the group-commit log on the control-plane store, its reader and interceptor. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    AuditKeys auditKeys(GovshareProperties properties, @Value("${spring.datasource.url:}") String controlPlaneUrl) {
        String key = properties.getAudit().getKey();
        if (key == null || key.isBlank()) {
            if (!controlPlaneUrl.startsWith("jdbc:h2:mem:")) {
                throw new IllegalStateException("govshare.audit.key must be set: the audit trail is kept in "
                        + controlPlaneUrl + " and must stay verifiable across restarts and instances");
            }
            log.info("govshare.audit.key is not set: the in-memory audit trail is keyed for this process only");
        }
        return AuditKeys.from(key);
    }

    @Bean
    SubjectDigests subjectDigests(AuditKeys keys) {
        return new SubjectDigests(keys.subjectKey());
    }

    @Bean
    AuditChain auditChain(AuditKeys keys) {
        return new AuditChain(keys.chainKey());
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    AuditLog auditLog(DataSource controlPlane, AuditChain chain, GovshareProperties properties) {
        return new AuditLog(
                controlPlane,
                chain,
                ManagementFactory.getRuntimeMXBean().getName(),
                properties.getAudit().getBatchSize(),
                properties.getAudit().getQueueCapacity());
    }

    @Bean
    AdministrativeRecords administrativeRecords(AuditLog auditLog, Clock clock) {
        return new AdministrativeRecords(auditLog, clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    AuditTrail auditTrail(DataSource controlPlane, AuditChain chain) {
        return new AuditTrail(controlPlane, chain);
    }

    @Bean
    AuditInterceptor auditInterceptor(
            AuditLog auditLog,
            SubjectDigests digests,
            LiveCatalog live,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        return new AuditInterceptor(auditLog, digests, live, clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
