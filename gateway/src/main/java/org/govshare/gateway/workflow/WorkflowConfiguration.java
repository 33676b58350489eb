package org.govshare.gateway.workflow;

import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequests;
import org.govshare.policy.workflow.WorkingCalendar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the workflow: policy administration, share requests with their calendar, corrections, change announcements. */
@Configuration(proxyBeanMethods = false)
public class WorkflowConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    JdbcPolicyAdministration policyAdministration(DataSource controlPlane, Clock clock) {
        return new JdbcPolicyAdministration(controlPlane, clock);
    }

    @Bean
    WorkingCalendar workingCalendar(GovshareProperties properties) {
        return new WorkingCalendar(
                Set.copyOf(properties.getWorkflow().getHolidays()),
                Set.copyOf(properties.getWorkflow().getWorkedWeekendDays()));
    }

    @Bean
    @DependsOnDatabaseInitialization
    ShareRequests shareRequests(
            DataSource controlPlane,
            ObjectProvider<LiveCatalog> live,
            JdbcPolicyAdministration administration,
            WorkingCalendar calendar,
            GovshareProperties properties,
            Clock clock) {
        return new ShareRequests(
                controlPlane,
                () -> live.getObject().catalog(),
                administration,
                calendar,
                clock,
                properties.getQuotas().getZone());
    }

    @Bean
    @DependsOnDatabaseInitialization
    Corrections corrections(DataSource controlPlane, ObjectProvider<LiveCatalog> live, Clock clock) {
        return new Corrections(controlPlane, () -> live.getObject().catalog(), clock);
    }

    @Bean(destroyMethod = "close")
    PolicyChanges policyChanges(
            PolicyService policies, ObjectProvider<SharedRedis> redis, GovshareProperties properties) {
        return new PolicyChanges(
                policies, redis.getIfAvailable(), properties.getQuotas().getRedisKeyPrefix());
    }

    @Bean
    WorkflowFetchers workflowFetchers(
            ObjectProvider<LiveCatalog> live,
            ShareRequests requests,
            Corrections corrections,
            PolicyChanges changes,
            PolicyService policies) {
        return new WorkflowFetchers(live, requests, corrections, changes, policies);
    }
}
