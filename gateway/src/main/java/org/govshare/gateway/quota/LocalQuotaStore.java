package org.govshare.gateway.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
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
        if (today == null) {
            return 0;
        }
        synchronized (today) {
            // Scaled up to the whole limit: with a share of the limit locally, the share is what may be used.
            return (long) today.size() * divisor;
        }
    }

    @Override
    public Admission admitSubjects(QuotaKey key, Collection<String> subjectDigests, long subjectCeiling) {
        if (subjectDigests.isEmpty()) {
            return Admission.ADMITTED;
        }
        Set<String> today = subjects.get(new DayKey(key, today()), k -> new HashSet<>());
        synchronized (today) {
            long added = subjectDigests.stream()
                    .filter(digest -> !today.contains(digest))
                    .distinct()
                    .count();
            // Scaled up to the whole limit: with a share of the limit locally, the share is what may be used.
            if (added > 0 && (today.size() + added) * divisor > subjectCeiling) {
                return new Admission(Admission.Refusal.SUBJECTS, window.secondsUntilTomorrow());
            }
            today.addAll(subjectDigests);
        }
        return Admission.ADMITTED;
    }

    /** Counts subjects the shared counters admitted, so this instance's share starts from them if Redis fails. */
    void record(QuotaKey key, Collection<String> subjectDigests) {
        if (!subjectDigests.isEmpty()) {
            Set<String> today = subjects.get(new DayKey(key, today()), k -> new HashSet<>());
            synchronized (today) {
                today.addAll(subjectDigests);
            }
        }
    }

    private LocalDate today() {
        return window.today();
    }
}
