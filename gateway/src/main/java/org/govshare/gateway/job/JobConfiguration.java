package org.govshare.gateway.job;

import java.time.Clock;
import javax.sql.DataSource;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.audit.AuditLog;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.VerificationGuard;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires verification jobs: their store in the control plane, the consumer's API, and the runner of every instance. */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {
    @Bean
    @DependsOnDatabaseInitialization
    JobStore jobStore(DataSource controlPlane) {
        return new JobStore(controlPlane);
    }

    @Bean
    JobAudit jobAudit(AuditLog auditLog, SubjectDigests digests) {
        return new JobAudit(auditLog, digests, Clock.systemUTC());
    }

    @Bean
    VerificationJobs verificationJobs(
            JobStore store,
            LiveCatalog live,
            PolicyService policy,
            DailyWindow window,
            JobAudit audit,
            JobProperties jobProperties) {
        return new VerificationJobs(
                store, live, policy, window, audit, Clock.systemUTC(), jobProperties.getUploadRate());
    }

    @Bean
    JobRunner jobRunner(
            JobStore store,
            VerificationJobs jobs,
            JobAudit audit,
            LiveCatalog live,
            SourceRegistry sources,
            SourceQueryExecutor executor,
            VerificationGuard guard,
            GovshareProperties properties,
            JobProperties jobProperties) {
        return new JobRunner(
                store,
                jobs,
                new BatchChecker(executor, guard, properties.getVerification().getDefaultMismatchesPerSubjectPerDay()),
                audit,
                live,
                sources,
                jobProperties,
                Clock.systemUTC());
    }
}
