package org.govshare.gateway.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.govshare.gateway.subject.DailyWindow;

/**
 * Counters in this process's memory: the demo default and a single instance, and every instance's fallback while
 * Redis is down, where each limit is divided by the expected number of instances so that together they stay within
 * it. Never unlimited: a share is at least 1.
 */
public final class LocalQuotaStore implements QuotaStore {
    private record BucketKey(QuotaKey key, long perSecond) {}

    private record DayKey(QuotaKey key, LocalDate day) {}

    private final DailyWindow window;
    private final int divisor;
    private final Cache<BucketKey, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final Cache<DayKey, Set<String>> subjects = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(2))
            .build();

    /** @param divisor the number of instances sharing each limit (1 for the only one) */
    public LocalQuotaStore(DailyWindow window, int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be at least 1");
        }
        this.window = window;
        this.divisor = divisor;
    }

    /** This instance's share of a limit. */
    int share(int limit) {
        return Math.max(1, limit / divisor);
    }

    @Override
    public Admission admit(QuotaKey key, int perSecond, long subjectCeiling) {
        if (subjectCeiling > 0 && subjectsToday(key) >= subjectCeiling) {
            return new Admission(Admission.Refusal.SUBJECTS, window.secondsUntilTomorrow());
        }
        return perSecond > 0 ? rate(key, perSecond) : Admission.ADMITTED;
    }

    private Admission rate(QuotaKey key, int perSecond) {
        long share = share(perSecond);
        Bucket bucket = buckets.get(new BucketKey(key, share), k -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(share)
                        .refillGreedy(share, Duration.ofSeconds(1))
                        .build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Admission.ADMITTED;
        }
        return new Admission(
                Admission.Refusal.RATE, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000));
    }

    private long subjectsToday(QuotaKey key) {
        Set<String> today = subjects.getIfPresent(new DayKey(key, today()));
        // Scaled up to the whole limit: with a share of the limit locally, the share is what may be used.
        return today == null ? 0 : (long) today.size() * divisor;
    }

    @Override
    public void addSubjects(QuotaKey key, Collection<String> subjectDigests) {
        if (!subjectDigests.isEmpty()) {
            subjects.get(new DayKey(key, today()), k -> ConcurrentHashMap.newKeySet())
                    .addAll(subjectDigests);
        }
    }

    private LocalDate today() {
        return window.today();
    }
}
