package org.govshare.gateway.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.govshare.connector.source.SourceSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code govshare.*}: the sources to federate ({@code govshare.sources.<name>.url} …), the catalog's location, the
 * plan cache size, and the demo data generator (demo profile only).
 */
@ConfigurationProperties("govshare")
public class GovshareProperties {
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Demo demo = new Demo();
    private final Verification verification = new Verification();
    private final Audit audit = new Audit();
    private final Quotas quotas = new Quotas();
    private final Workflow workflow = new Workflow();
    private final CatalogSettings catalog = new CatalogSettings();
    private final Grants grants = new Grants();
    private long planCacheSize = 10_000;
    private long documentCacheBytes = 64L * 1024 * 1024;
    private @Nullable String cursorKey;

    public Map<String, Source> getSources() {
        return sources;
    }

    public Demo getDemo() {
        return demo;
    }

    public Verification getVerification() {
        return verification;
    }

    public Audit getAudit() {
        return audit;
    }

    public Quotas getQuotas() {
        return quotas;
    }

    public Workflow getWorkflow() {
        return workflow;
    }

    public CatalogSettings getCatalog() {
        return catalog;
    }

    public Grants getGrants() {
        return grants;
    }

    public long getPlanCacheSize() {
        return planCacheSize;
    }

    public void setPlanCacheSize(long planCacheSize) {
        this.planCacheSize = planCacheSize;
    }

    /** The bytes parsed documents may hold (estimated), over every caller's view. */
    public long getDocumentCacheBytes() {
        return documentCacheBytes;
    }

    public void setDocumentCacheBytes(long documentCacheBytes) {
        this.documentCacheBytes = documentCacheBytes;
    }

    /** Base64 AES key (16 or 32 bytes) sealing page cursors; set the same on every instance behind one address. */
    public @Nullable String getCursorKey() {
        return cursorKey;
    }

    public void setCursorKey(@Nullable String cursorKey) {
        this.cursorKey = cursorKey;
    }

    /** The connector's settings for every configured source. */
    public java.util.List<SourceSettings> sourceSettings() {
        return sources.entrySet().stream()
                .map(entry -> entry.getValue().toSettings(entry.getKey()))
                .toList();
    }

    /**
     * One source: {@code url}, {@code username}, {@code password}, {@code pool-size}, {@code query-timeout},
     * {@code dialect}, {@code maximum-concurrent-queries}, {@code admission-wait}, {@code rest-after-failures}.
     */
    public static class Source {
        private @Nullable String url;
        private String username = "";
        private String password = "";
        private int poolSize = 8;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private @Nullable String dialect;
        private @Nullable Integer maximumConcurrentQueries;
        private Duration admissionWait = SourceSettings.DEFAULT_ADMISSION_WAIT;
        private Duration restAfterFailures = Duration.ofSeconds(2);

        /** The connector's settings of this source, named {@code name}. */
        public SourceSettings toSettings(String name) {
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("govshare.sources." + name + ".url is not set");
            }
            return new SourceSettings(
                    name,
                    url,
                    username,
                    password,
                    poolSize,
                    queryTimeout,
                    Optional.ofNullable(dialect),
                    maximumConcurrentQueries == null ? poolSize * 4 : maximumConcurrentQueries,
                    admissionWait,
                    restAfterFailures);
        }

        /** Queries that may be under way at once (default: four per connection); beyond it callers wait, then are refused. */
        public @Nullable Integer getMaximumConcurrentQueries() {
            return maximumConcurrentQueries;
        }

        public void setMaximumConcurrentQueries(@Nullable Integer maximumConcurrentQueries) {
            this.maximumConcurrentQueries = maximumConcurrentQueries;
        }

        /** How long a caller may wait for a place when all are taken before it is refused (default 50 ms). */
        public Duration getAdmissionWait() {
            return admissionWait;
        }

        public void setAdmissionWait(Duration admissionWait) {
            this.admissionWait = admissionWait;
        }

        /** How long the source rests after failing too often before trial queries (default 2 s). */
        public Duration getRestAfterFailures() {
            return restAfterFailures;
        }

        public void setRestAfterFailures(Duration restAfterFailures) {
            this.restAfterFailures = restAfterFailures;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public Duration getQueryTimeout() {
            return queryTimeout;
        }

        public void setQueryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
        }

        public @Nullable String getDialect() {
            return dialect;
        }

        public void setDialect(@Nullable String dialect) {
            this.dialect = dialect;
        }
    }

    /**
     * Verification: {@code default-mismatches-per-subject-per-day} applies when no grant of the caller sets a limit
     * (the guessing defence is never off).
     */
    public static class Verification {
        private int defaultMismatchesPerSubjectPerDay = 20;

        public int getDefaultMismatchesPerSubjectPerDay() {
            return defaultMismatchesPerSubjectPerDay;
        }

        public void setDefaultMismatchesPerSubjectPerDay(int defaultMismatchesPerSubjectPerDay) {
            this.defaultMismatchesPerSubjectPerDay = defaultMismatchesPerSubjectPerDay;
        }
    }

    /**
     * Quotas: counted in Redis at {@code redis-url} (shared by every instance; keys start with {@code
     * redis-key-prefix}; commands time out after {@code redis-timeout}), or in memory when no URL is set. While Redis
     * is down each instance enforces {@code 1 / expected-instances} of every limit. Days end at midnight in {@code
     * zone}. {@code default-lookup-misses-per-day} applies when no grant of the caller sets a limit on lookups by key
     * that find nothing (the guessing defence of keys is never off; a masked key caps it lower).
     */
    public static class Quotas {
        private int defaultLookupMissesPerDay = 20;
        private @Nullable String redisUrl;
        private String redisKeyPrefix = "govshare";
        private Duration redisTimeout = Duration.ofMillis(250);
        private int expectedInstances = 2;
        private java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");

        public int getDefaultLookupMissesPerDay() {
            return defaultLookupMissesPerDay;
        }

        public void setDefaultLookupMissesPerDay(int defaultLookupMissesPerDay) {
            if (defaultLookupMissesPerDay < 1) {
                throw new IllegalArgumentException("default-lookup-misses-per-day must be at least 1: never off");
            }
            this.defaultLookupMissesPerDay = defaultLookupMissesPerDay;
        }

        public @Nullable String getRedisUrl() {
            return redisUrl;
        }

        public void setRedisUrl(@Nullable String redisUrl) {
            this.redisUrl = redisUrl;
        }

        public String getRedisKeyPrefix() {
            return redisKeyPrefix;
        }

        public void setRedisKeyPrefix(String redisKeyPrefix) {
            this.redisKeyPrefix = redisKeyPrefix;
        }

        public Duration getRedisTimeout() {
            return redisTimeout;
        }

        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        public int getExpectedInstances() {
            return expectedInstances;
        }

        public void setExpectedInstances(int expectedInstances) {
            this.expectedInstances = expectedInstances;
        }

        public java.time.ZoneId getZone() {
            return zone;
        }

        public void setZone(java.time.ZoneId zone) {
            this.zone = zone;
        }
    }

    /**
     * The audit trail: {@code key} (Base64, at least 32 bytes) keys the hash chain and the subject digests and must be
     * the same on every instance and across restarts (required unless the control plane is an in-memory database);
     * records are written in batches of at most {@code batch-size}, with at most {@code queue-capacity} waiting.
     */
    public static class Audit {
        private @Nullable String key;
        private int batchSize = 256;
        private int queueCapacity = 10_000;

        public @Nullable String getKey() {
            return key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }

    /**
     * The share-request workflow's calendar: public {@code holidays} and {@code worked-weekend-days} (调休), as ISO
     * dates; deadlines count working days in the quotas' zone.
     */
    public static class Workflow {
        private java.util.List<java.time.LocalDate> holidays = new java.util.ArrayList<>();
        private java.util.List<java.time.LocalDate> workedWeekendDays = new java.util.ArrayList<>();

        public java.util.List<java.time.LocalDate> getHolidays() {
            return holidays;
        }

        public void setHolidays(java.util.List<java.time.LocalDate> holidays) {
            this.holidays = holidays;
        }

        public java.util.List<java.time.LocalDate> getWorkedWeekendDays() {
            return workedWeekendDays;
        }

        public void setWorkedWeekendDays(java.util.List<java.time.LocalDate> workedWeekendDays) {
            this.workedWeekendDays = workedWeekendDays;
        }
    }

    /**
     * The catalog: {@code location} names its SDL files (files or folders, comma-separated, on the file system or
     * {@code classpath:}); without one the demo profile serves the built-in demo catalog, and production does not
     * start. Every instance looks for a newer recorded catalog version every {@code refresh}.
     */
    public static class CatalogSettings {
        private @Nullable String location;
        private Duration refresh = Duration.ofSeconds(5);

        public @Nullable String getLocation() {
            return location;
        }

        public void setLocation(@Nullable String location) {
            this.location = location;
        }

        public Duration getRefresh() {
            return refresh;
        }

        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }
    }

    /**
     * Grants as code: {@code baseline} names a grants file (file system or {@code classpath:}) imported at every
     * start-up, as the admin API's importGrants would (a grant that changed makes one new policy version; a file with
     * a problem stops start-up).
     */
    public static class Grants {
        private @Nullable String baseline;

        public @Nullable String getBaseline() {
            return baseline;
        }

        public void setBaseline(@Nullable String baseline) {
            this.baseline = baseline;
        }
    }

    /** The synthetic data generator: {@code generate}, {@code residents}, {@code seed}. */
    public static class Demo {
        private boolean generate;
        private int residents = 100_000;
        private long seed = 20250601L;

        public boolean isGenerate() {
            return generate;
        }

        public void setGenerate(boolean generate) {
            this.generate = generate;
        }

        public int getResidents() {
            return residents;
        }

        public void setResidents(int residents) {
            this.residents = residents;
        }

        public long getSeed() {
            return seed;
        }

        public void setSeed(long seed) {
            this.seed = seed;
        }
    }
}
