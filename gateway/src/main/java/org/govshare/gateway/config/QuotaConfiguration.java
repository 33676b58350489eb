package org.govshare.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.quota.FailoverQuotaStore;
import org.govshare.gateway.quota.FailoverVerificationGuard;
import org.govshare.gateway.quota.LocalQuotaStore;
import org.govshare.gateway.quota.LookupMissInstrumentation;
import org.govshare.gateway.quota.QuotaHealthIndicator;
import org.govshare.gateway.quota.QuotaInstrumentation;
import org.govshare.gateway.quota.QuotaStore;
import org.govshare.gateway.quota.RedisQuotaStore;
import org.govshare.gateway.quota.RedisState;
import org.govshare.gateway.quota.RedisVerificationGuard;
import org.govshare.gateway.quota.RetryAfterHeader;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.InMemoryVerificationGuard;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.WaitingRoom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the quotas: counters shared in Redis when {@code govshare.quotas.redis-url} is set (each instance falling back
 * to its share while Redis is down, health DEGRADED), in memory otherwise (the demo default).
 */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {
    private static final long MAXIMUM_GUARDED_TALLIES = 1_000_000;
    /** Beyond the request deadline: the settlement's retries (about 5 s) and a margin. */
    private static final Duration RESERVATION_MARGIN = Duration.ofSeconds(20);

    @Bean
    DailyWindow dailyWindow(GovshareProperties properties, Clock clock) {
        return new DailyWindow(clock, properties.getQuotas().getZone());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("govshare.quotas.redis-url")
    SharedRedis sharedRedis(GovshareProperties properties) {
        return new SharedRedis(
                java.util.Objects.requireNonNull(properties.getQuotas().getRedisUrl()),
                properties.getQuotas().getRedisTimeout());
    }

    @Bean
    @ConditionalOnProperty("govshare.quotas.redis-url")
    RedisState redisState(Clock clock) {
        return new RedisState(clock);
    }

    @Bean
    @ConditionalOnProperty("govshare.quotas.redis-url")
    QuotaHealthIndicator quotaHealthIndicator(SharedRedis redis, RedisState state, GovshareProperties properties) {
        return new QuotaHealthIndicator(redis, state, properties.getQuotas().getExpectedInstances());
    }

    @Bean
    QuotaStore quotaStore(
            ObjectProvider<SharedRedis> redis,
            ObjectProvider<RedisState> state,
            DailyWindow window,
            GovshareProperties properties) {
        SharedRedis shared = redis.getIfAvailable();
        if (shared == null) {
            return new LocalQuotaStore(window, 1);
        }
        return new FailoverQuotaStore(
                new RedisQuotaStore(shared, properties.getQuotas().getRedisKeyPrefix(), window),
                localShare(window, properties),
                state.getObject());
    }

    @Bean
    VerificationGuard verificationGuard(
            ObjectProvider<SharedRedis> redis,
            ObjectProvider<RedisState> state,
            DailyWindow window,
            SubjectDigests digests,
            GovshareProperties properties,
            @Value("${govshare.limits.execution-deadline:PT10S}") Duration deadline) {
        // A reservation never settled holds its room a little beyond the request deadline and the settlement's
        // retries, never for the rest of the day.
        Duration lifetime = deadline.plus(RESERVATION_MARGIN);
        // One bound on the reservations waiting in this instance, whichever guard they wait in.
        WaitingRoom room = new WaitingRoom();
        InMemoryVerificationGuard local =
                new InMemoryVerificationGuard(window, MAXIMUM_GUARDED_TALLIES, Clock.systemUTC(), lifetime, room);
        SharedRedis shared = redis.getIfAvailable();
        if (shared == null) {
            return local;
        }
        return new FailoverVerificationGuard(
                new RedisVerificationGuard(
                        shared,
                        properties.getQuotas().getRedisKeyPrefix(),
                        digests,
                        window,
                        lifetime,
                        // Half the margin beyond the deadline: a spare's last user settles it 10 s before it expires.
                        RESERVATION_MARGIN.dividedBy(2),
                        room),
                local,
                localShare(window, properties),
                state.getObject());
    }

    @Bean
    QuotaInstrumentation quotaInstrumentation(
            QuotaStore store, SubjectDigests digests, ObjectProvider<MeterRegistry> meters) {
        return new QuotaInstrumentation(store, digests, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    LookupMissInstrumentation lookupMissInstrumentation(
            ObjectProvider<LiveCatalog> live,
            VerificationGuard guard,
            DailyWindow window,
            GovshareProperties properties) {
        return new LookupMissInstrumentation(
                live::getObject, guard, window, properties.getQuotas().getDefaultLookupMissesPerDay());
    }

    @Bean
    RetryAfterHeader retryAfterHeader() {
        return new RetryAfterHeader();
    }

    private static LocalQuotaStore localShare(DailyWindow window, GovshareProperties properties) {
        return new LocalQuotaStore(window, Math.max(1, properties.getQuotas().getExpectedInstances()));
    }
}
