package org.govshare.loadtest;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.govshare.gateway.GovshareApplication;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Batch verification at population scale (issue 17): one verification job of every resident ({@code residents},
 * 1,000,000 by default) against the police source on PostgreSQL, in subjects verified per second, next to the same
 * check made as online {@code verifyResident} calls and next to a direct set-based SQL baseline (the same CASE WHEN
 * over {@code id_number = ANY(?)} batches, straight on the database); and online W1 latency (single-subject
 * {@code verifyResident}) idle and while the job runs, since online traffic must keep its p99 within 2× of idle.
 * Progress goes to standard output as the job runs. Goals: at least 20,000 subjects/s, within 3× of the baseline.
 *
 * <p>Needs the local PostgreSQL; the gateway runs in this JVM (demo profile, every source and the control plane on
 * PostgreSQL: the gateway's heap holds what a deployment's would, not a population in embedded databases). Run it
 * only on a quiet machine:
 * {@code ./mvnw -B -Pjob-benchmark -pl load-tests -am verify -DskipTests -Djob.benchmark.args="residents=999997"} (with
 * the 3 fixed records, a job of 1,000,000 subjects, the most a job may hold). Arguments are
 * {@code key=value}: {@code residents}, {@code online-threads} (4), {@code online-seconds} (20),
 * {@code warmup-seconds} (30), {@code warmup-job} (200,000 subjects: a job before the measured one, so that the job
 * path is compiled as on a gateway that has run jobs before; 0 for none), {@code batch-size} (2,048, the gateway's
 * default), {@code output} (a Markdown report), {@code databases} (the PostgreSQL databases' name prefix,
 * {@code govshare_bench_jobs}), {@code redis-url} (the quota and guess counters' Redis,
 * {@code redis://127.0.0.1:6379} as deployed; {@code none} keeps them in the gateway's heap), {@code redis-key-prefix}
 * (new for each run), {@code online-rate} (W1 calls per second
 * idle and during the job, 200: an open loop, each call's latency counted from when it was due, so a stall counts for
 * every call it delays; 0 for one closed-loop client, whose load falls as its latency rises), and any gateway property
 * as {@code gateway.<property>} ({@code gateway.govshare.jobs.upload-rate=0}). Online calls cycle
 * through the subjects;
 * with fewer than about a million, a subject's guesses (the region claim mismatches) reach the default limit and its
 * later calls are refused and not counted.
 */
public final class VerificationJobBenchmark {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    /** The demo's sources, each a PostgreSQL database {@code <databases>_<source>} here. */
    private static final List<String> SOURCES = List.of("police", "hrss", "tax", "medical", "market");

    private static final String AUDIT_KEY = "YmVuY2htYXJrLW9ubHktYXVkaXQta2V5LTMyLWJ5dGVzIQ==";
    private static final String PURPOSE = "BENCH_JOB";
    private static final String REGION = "441900";
    /** W1 of the side-by-side benchmark: one resident by key. */
    private static final String W1 = "query($id: ID!) { resident(idNumber: $id) { name } }";
    /** The job's check made online: one verification per subject. */
    private static final String VERIFY = "query($id: ID!) { verifyResident(idNumber: $id, claims: {regionCode: \\\""
            + REGION + "\\\"}) { outcome } }";

    private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z]+)\".*?\"done\":(\\d+)");

    private VerificationJobBenchmark() {}

    /** One measured side. */
    private record Measured(String name, long subjects, double seconds, String note) {
        double perSecond() {
            return subjects / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                options.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
        }
        int residents = Integer.parseInt(options.getOrDefault("residents", "1000000"));
        int onlineThreads = Integer.parseInt(options.getOrDefault("online-threads", "4"));
        int onlineSeconds = Integer.parseInt(options.getOrDefault("online-seconds", "20"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "2048"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "30"));
        int warmupJob = Integer.parseInt(options.getOrDefault("warmup-job", "200000"));
        int w1Rate = Integer.parseInt(options.getOrDefault("online-rate", "200"));
        // Databases and Redis counters of this run only: a second run (the same day, or another branch's) neither
        // shares the databases nor, where the gateway keeps its quota and guess counters in Redis, finds subjects
        // whose guesses an earlier run used up.
        String databases = options.getOrDefault("databases", "govshare_bench_jobs");
        if (!databases.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("databases must be a lower-case SQL name, got " + databases);
        }
        String police = sourceDatabase(databases, "police");
        String control = databases + "_control";
        String redisPrefix = options.getOrDefault("redis-key-prefix", databases + "-" + System.currentTimeMillis());
        // Quota and guess counters in Redis, as deployed; "none" keeps them in the gateway's heap (a million
        // subjects' guess counters are then the gateway's to collect).
        String redisUrl = options.getOrDefault("redis-url", "redis://127.0.0.1:6379");
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "verification job benchmark: %,d residents, %d online threads%n",
                residents,
                onlineThreads);

        recreate(control);
        Map<String, DataSource> writers = new LinkedHashMap<>();
        for (String source : SOURCES) {
            String database = sourceDatabase(databases, source);
            recreate(database);
            writers.put(source, new DriverManagerDataSource(POSTGRES + database, "postgres", ""));
        }
        out.println("loading the demo population …");
        DemoDataGenerator.forDatabasesOfYourOwn(20250601L).generate(writers, residents);
        List<String> keys = keys(police);
        out.printf(Locale.ROOT, "%,d subjects%n", keys.size());

        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.profiles.active=demo",
                "--govshare.demo.generate=false",
                "--spring.datasource.url=" + POSTGRES + control,
                "--spring.datasource.username=postgres",
                "--spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,"
                        + "classpath:db/demo,classpath:db/bench-jobs",
                "--govshare.audit.key=" + AUDIT_KEY,
                "--govshare.jobs.batch-size=" + batchSize,
                "--govshare.quotas.redis-key-prefix=" + redisPrefix,
                "--logging.level.root=WARN",
                // Each job turn logs where its batches spent their time (JobRunner's BatchTimings).
                "--logging.level.org.govshare.gateway.job.JobRunner=INFO"));
        if (!redisUrl.equals("none")) {
            arguments.add("--govshare.quotas.redis-url=" + redisUrl);
        }
        // Any gateway property for a comparison: gateway.govshare.jobs.upload-rate=0 is --govshare.jobs.upload-rate=0.
        options.forEach((name, value) -> {
            if (name.startsWith("gateway.")) {
                arguments.add("--" + name.substring("gateway.".length()) + "=" + value);
            }
        });
        for (String source : SOURCES) {
            arguments.add("--govshare.sources." + source + ".url=" + POSTGRES + sourceDatabase(databases, source));
            arguments.add("--govshare.sources." + source + ".username=postgres");
        }
        List<Measured> results = new ArrayList<>();
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(GovshareApplication.class).run(arguments.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            URI gateway = URI.create("http://127.0.0.1:" + port);
            HttpClient http = HttpClient.newHttpClient();
            // The consumer that uploads a job is another machine than the online callers: its own client, so that
            // the upload's million lines do not queue in the online callers' connection handling.
            HttpClient uploader = HttpClient.newHttpClient();
            String token = token(http, gateway);

            results.add(baseline(police, keys, batchSize, out));

            // Plans compiled, JIT warm: the first calls of a fresh JVM are not what online traffic sees.
            out.println("warm-up …");
            online(http, gateway, token, keys, onlineThreads, warmupSeconds, null, VERIFY);
            online(http, gateway, token, keys, 1, warmupSeconds, null, W1);
            // The job's own path warm too: the measured job is not the first of a fresh JVM, whose C2 compiler
            // otherwise takes most of a core for the job's first minute (BatchChecker, the driver's array and COPY
            // paths), as on a gateway that has run jobs before. The warm-up job's own rate is reported beside.
            // With W1 beside it as in the measured job: the request path meets the upload's and the progress
            // polls' request classes and the job's load here, so the JIT's recompilations for that mix (hundreds of
            // methods deoptimised at the first upload beside online traffic) happen before anything is measured.
            JobRun first = null;
            if (warmupJob > 0) {
                out.println("warm-up job, with online W1 beside it …");
                first = runJobBesideW1(
                        http,
                        uploader,
                        gateway,
                        token,
                        keys.subList(0, Math.min(warmupJob, keys.size())),
                        keys,
                        w1Rate,
                        new Recorder(3),
                        new AtomicLong(),
                        out,
                        () -> null);
            }
            out.println("online verifyResident …");
            Histogram verifications = online(http, gateway, token, keys, onlineThreads, onlineSeconds, null, VERIFY);
            Measured onlineRate = new Measured(
                    "online verifyResident (" + onlineThreads + " threads)",
                    verifications.getTotalCount(),
                    onlineSeconds,
                    "one call per subject");
            results.add(onlineRate);
            out.printf(Locale.ROOT, "online: %,.0f subjects/s%n", onlineRate.perSecond());
            out.println("online W1 idle …");
            Recorder idleRecorder = new Recorder(3);
            AtomicLong idleFailures = new AtomicLong();
            w1(http, gateway, token, keys, w1Rate, onlineSeconds, null, idleRecorder, idleFailures);
            Histogram idle = idleRecorder.getIntervalHistogram();
            out.printf(Locale.ROOT, "W1 idle: p99 %.2f ms%n", p99(idle));

            out.println("job …");
            // One recorder for the whole job, read at the upload's end and at the job's: the two phases load the
            // gateway differently (the upload writes subjects to the control plane, processing checks and writes
            // outcomes and audit records).
            Recorder duringJob = new Recorder(3);
            AtomicLong duringFailures = new AtomicLong();
            JobRun run = runJobBesideW1(
                    http,
                    uploader,
                    gateway,
                    token,
                    keys,
                    keys,
                    w1Rate,
                    duringJob,
                    duringFailures,
                    out,
                    duringJob::getIntervalHistogram);
            Histogram duringUpload = requireNonNull(run.duringUpload(), "the upload's latencies");
            double uploadSeconds = run.uploadSeconds();
            double total = run.seconds();
            Histogram duringProcessing = duringJob.getIntervalHistogram();
            Histogram busy = duringUpload.copy();
            busy.add(duringProcessing);
            if (first != null) {
                results.add(new Measured(
                        "verification job, first in this JVM (warm-up, not the result)",
                        Math.min(warmupJob, keys.size()),
                        first.seconds(),
                        String.format(Locale.ROOT, "upload %.1f s included", first.uploadSeconds())));
            }
            results.add(new Measured(
                    "verification job",
                    keys.size(),
                    total,
                    String.format(Locale.ROOT, "upload %.1f s included", uploadSeconds)));
            String summary = report(results, idle, busy, residents)
                    + String.format(
                            Locale.ROOT,
                            "online W1 latency, ms (p50 / p90 / p99 / max): idle %s; during the upload %s; during"
                                    + " processing %s%n",
                            percentiles(idle),
                            percentiles(duringUpload),
                            percentiles(duringProcessing))
                    + String.format(
                            Locale.ROOT,
                            "online W1 load: %s; calls failed or refused: idle %,d, during the job %,d; quota and guess"
                                    + " counters: %s%n",
                            w1Rate > 0
                                    ? w1Rate + " calls/s, open loop (latency from each call's due time)"
                                    : "one closed-loop client",
                            idleFailures.get(),
                            duringFailures.get(),
                            redisUrl.equals("none") ? "in the gateway's heap" : "Redis");
            out.println(summary);
            String output = options.get("output");
            if (output != null) {
                Files.createDirectories(Path.of(output).toAbsolutePath().getParent());
                Files.writeString(Path.of(output), summary);
            }
        } finally {
            if (!redisUrl.equals("none")) {
                removeRedisKeys(redisUrl, redisPrefix, out);
            }
        }
    }

    /**
     * Deletes this run's quota and guess counters: a million subjects' keys would otherwise stay for two days, and each
     * later run would work on a larger Redis than the one before it.
     */
    private static void removeRedisKeys(String url, String prefix, PrintStream out) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs matching = ScanArgs.Builder.matches(prefix + ":*").limit(10_000);
            long removed = 0;
            long reported = 0;
            for (KeyScanCursor<String> cursor = redis.scan(matching); ; cursor = redis.scan(cursor, matching)) {
                if (!cursor.getKeys().isEmpty()) {
                    removed += redis.unlink(cursor.getKeys().toArray(String[]::new));
                }
                if (removed - reported >= 250_000) {
                    out.printf(Locale.ROOT, "  removing this run's Redis keys: %,d%n", removed);
                    reported = removed;
                }
                if (cursor.isFinished()) {
                    break;
                }
            }
            out.printf(Locale.ROOT, "removed this run's %,d Redis keys%n", removed);
        } finally {
            client.shutdown();
        }
    }

    /** A job run: its time with the upload, the upload's, and online latency during the upload (when recorded). */
    private record JobRun(
            double seconds, double uploadSeconds, @Nullable Histogram duringUpload) {}

    /**
     * Submits a job of {@code keys} (their region claimed), then follows its progress until it ends; {@code uploaded}
     * is called as soon as the upload was accepted (the online latency recorded during it).
     */
    private static JobRun runJob(
            HttpClient http,
            HttpClient uploader,
            URI gateway,
            String token,
            List<String> keys,
            PrintStream out,
            Supplier<@Nullable Histogram> uploaded)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> submitted = uploader.send(
                request(
                                gateway,
                                token,
                                "/jobs/verify?type=Resident&claims=%7B%22regionCode%22%3A%22" + REGION + "%22%7D")
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> ndjson(keys)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("job refused: " + submitted.body());
        }
        double uploadSeconds = (System.nanoTime() - started) / 1e9;
        Histogram duringUpload = uploaded.get();
        String id = submitted.headers().firstValue("Location").orElseThrow().substring("/jobs/".length());
        long processingStarted = System.nanoTime();
        // Polled often, so the job's end is seen within 0.2 s; progress printed about once a second.
        for (int polls = 1; ; polls++) {
            Thread.sleep(200);
            String progress = http.send(
                            request(gateway, token, "/jobs/" + id).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher matcher = STATE.matcher(progress);
            if (!matcher.find()) {
                throw new IllegalStateException("unexpected progress: " + progress);
            }
            long done = Long.parseLong(matcher.group(2));
            double seconds = (System.nanoTime() - processingStarted) / 1e9;
            boolean running = matcher.group(1).equals("RUNNING");
            if (running && polls % 5 != 0) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "  %s %,d/%,d (%.0f%%), %,.0f subjects/s%n",
                    matcher.group(1),
                    done,
                    keys.size(),
                    100.0 * done / keys.size(),
                    done / seconds);
            if (!running) {
                break;
            }
        }
        double total = (System.nanoTime() - started) / 1e9;
        return new JobRun(total, uploadSeconds, duringUpload);
    }

    /**
     * Runs a job of {@code jobKeys} (see {@link #runJob}) with W1 calls about {@code keys} beside it at {@code w1Rate}
     * (see {@link #w1}), their latencies into {@code recorder} and their failures counted in {@code failures}; W1 stops
     * when the job has ended.
     */
    private static JobRun runJobBesideW1(
            HttpClient http,
            HttpClient uploader,
            URI gateway,
            String token,
            List<String> jobKeys,
            List<String> keys,
            int w1Rate,
            Recorder recorder,
            AtomicLong failures,
            PrintStream out,
            Supplier<@Nullable Histogram> uploaded)
            throws IOException, InterruptedException, ExecutionException {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService beside = Executors.newSingleThreadExecutor();
        Future<Void> online = beside.submit(() -> {
            w1(http, gateway, token, keys, w1Rate, Integer.MAX_VALUE, running, recorder, failures);
            return null;
        });
        try {
            return runJob(http, uploader, gateway, token, jobKeys, out, uploaded);
        } finally {
            running.set(false);
            online.get();
            beside.shutdown();
        }
    }

    /** The same check as set statements straight on PostgreSQL: the floor a job cannot beat. */
    private static Measured baseline(String police, List<String> keys, int batchSize, PrintStream out)
            throws SQLException {
        out.println("direct SQL baseline …");
        long started = System.nanoTime();
        long rows = 0;
        try (Connection connection = DriverManager.getConnection(POSTGRES + police, "postgres", "");
                PreparedStatement statement = connection.prepareStatement("SELECT id_number,"
                        + " CASE WHEN region_code = ? THEN 1 ELSE 0 END FROM resident WHERE id_number = ANY(?)")) {
            for (int from = 0; from < keys.size(); from += batchSize) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
                Array array = connection.createArrayOf("varchar", batch.toArray());
                statement.setString(1, REGION);
                statement.setArray(2, array);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows++;
                    }
                }
            }
        }
        Measured measured =
                new Measured("direct set-based SQL", keys.size(), (System.nanoTime() - started) / 1e9, rows + " rows");
        out.printf(Locale.ROOT, "baseline: %,.0f subjects/s%n", measured.perSecond());
        return measured;
    }

    /**
     * Online single-subject requests ({@code document}) by {@code threads} closed-loop clients for {@code seconds} (or while
     * {@code running} holds): the latency of each call.
     */
    private static Histogram online(
            HttpClient http,
            URI gateway,
            String token,
            List<String> keys,
            int threads,
            int seconds,
            AtomicBoolean running,
            String document)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        online(http, gateway, token, keys, threads, seconds, running, document, recorder, new AtomicLong());
        return recorder.getIntervalHistogram();
    }

    /** As above, recording into {@code recorder}, which the caller reads (also while the clients run). */
    private static void online(
            HttpClient http,
            URI gateway,
            String token,
            List<String> keys,
            int threads,
            int seconds,
            AtomicBoolean running,
            String document,
            Recorder recorder,
            AtomicLong failures)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) Math.min(seconds, 86_400) * 1_000_000_000L;
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline && (running == null || running.get())) {
                    String key = keys.get((int) (next.getAndIncrement() % keys.size()));
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response =
                                http.send(graphql(gateway, token, document, key), HttpResponse.BodyHandlers.ofString());
                        if (answered(response)) {
                            recorder.recordValue(System.nanoTime() - started);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
            // The clients stop by their deadline, or when the job is done.
        }
    }

    /**
     * W1 calls for {@code seconds} (or while {@code running} holds) into {@code recorder}, failed calls counted in
     * {@code failures}: {@code rate} calls a second on schedule, each call's latency from when it was due (a stall
     * counts for every call it delays, and the load does not fall when latency rises); one closed-loop client when
     * {@code rate} is 0.
     */
    private static void w1(
            HttpClient http,
            URI gateway,
            String token,
            List<String> keys,
            int rate,
            int seconds,
            @Nullable AtomicBoolean running,
            Recorder recorder,
            AtomicLong failures)
            throws InterruptedException {
        if (rate <= 0) {
            online(http, gateway, token, keys, 1, seconds, running, W1, recorder, failures);
            return;
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(seconds, 86_400) * 1_000_000_000L;
        // Calls under way at most; beyond it a due call is counted as failed rather than queued without bound.
        Semaphore underWay = new Semaphore(1_000);
        for (long call = 0; ; call++) {
            long due = start + call * interval;
            if (due >= deadline || running != null && !running.get()) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!underWay.tryAcquire()) {
                failures.incrementAndGet();
                continue;
            }
            String key = keys.get((int) (call % keys.size()));
            http.sendAsync(graphql(gateway, token, W1, key), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure == null && answered(response)) {
                            recorder.recordValue(System.nanoTime() - due);
                        } else {
                            failures.incrementAndGet();
                        }
                        underWay.release();
                    });
        }
        underWay.acquire(1_000);
    }

    /** A GraphQL request of {@code document} about subject {@code key} (its {@code $id}). */
    private static HttpRequest graphql(URI gateway, String token, String document, String key) {
        String body = "{\"query\":\"" + document + "\",\"variables\":{\"id\":\"" + key + "\"}}";
        return request(gateway, token, "/graphql")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static boolean answered(HttpResponse<String> response) {
        return response.statusCode() == 200 && !response.body().contains("\"errors\"");
    }

    private static String percentiles(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "no calls";
        }
        return String.format(
                Locale.ROOT,
                "%.2f / %.2f / %.2f / %.2f (%,d calls)",
                histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(90) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6,
                histogram.getTotalCount());
    }

    private static String report(List<Measured> results, Histogram idle, Histogram busy, int residents) {
        StringBuilder text = new StringBuilder();
        text.append("# Verification job benchmark\n\n")
                .append(String.format(
                        Locale.ROOT, "%,d residents on PostgreSQL (police), one run, one machine.%n%n", residents))
                .append("| side | subjects | seconds | subjects/s | note |\n|---|---:|---:|---:|---|\n");
        for (Measured measured : results) {
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.1f | %,.0f | %s |%n",
                    measured.name(),
                    measured.subjects(),
                    measured.seconds(),
                    measured.perSecond(),
                    measured.note()));
        }
        double job = results.get(results.size() - 1).perSecond();
        double baseline = results.get(0).perSecond();
        text.append(String.format(
                        Locale.ROOT,
                        "%njob: %,.0f subjects/s (goal ≥ 20,000): %s; baseline ÷ job %.2f (goal ≤ 3): %s%n",
                        job,
                        job >= 20_000 ? "met" : "NOT met",
                        baseline / job,
                        baseline / job <= 3 ? "met" : "NOT met"))
                .append(String.format(
                        Locale.ROOT,
                        "online W1 p99: idle %.2f ms (%,d calls), during the job %.2f ms (%,d calls): ratio %.2f (goal"
                                + " ≤ 2): %s%n",
                        p99(idle),
                        idle.getTotalCount(),
                        p99(busy),
                        busy.getTotalCount(),
                        p99(busy) / p99(idle),
                        p99(busy) / p99(idle) <= 2 ? "met" : "NOT met"));
        return text.toString();
    }

    private static double p99(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(99) / 1e6;
    }

    private static InputStream ndjson(List<String> keys) {
        // One line per subject, produced as the upload reads it: a million keys are never one string.
        Enumeration<InputStream> lines = new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < keys.size();
            }

            @Override
            public InputStream nextElement() {
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < 10_000 && next < keys.size(); i++) {
                    chunk.append("{\"idNumber\":\"").append(keys.get(next++)).append("\"}\n");
                }
                return new java.io.ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(lines);
    }

    private static HttpRequest.Builder request(URI gateway, String token, String path) {
        return HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", PURPOSE)
                .header("X-Case-Id", "BENCHMARK");
    }

    private static String token(HttpClient http, URI gateway) throws IOException, InterruptedException {
        String basic =
                Base64.getEncoder().encodeToString("pension-fund:pension-fund-secret".getBytes(StandardCharsets.UTF_8));
        String body = http.send(
                        HttpRequest.newBuilder(gateway.resolve("/oauth2/token"))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(body);
        if (!token.find()) {
            throw new IllegalStateException("no token: " + body);
        }
        return token.group(1);
    }

    private static List<String> keys(String police) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(POSTGRES + police, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_number FROM resident")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        // A job's order is the consumer's, not the table's.
        Collections.shuffle(keys, new java.util.Random(17));
        return keys;
    }

    /** The PostgreSQL database of one of the demo's sources in this run: {@code <databases>_<source>}. */
    private static String sourceDatabase(String databases, String source) {
        return databases + "_" + source;
    }

    private static void recreate(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }
}
