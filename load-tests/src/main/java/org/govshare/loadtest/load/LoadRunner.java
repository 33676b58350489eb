package org.govshare.loadtest.load;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Drives a {@link LoadTarget} with a fixed set of threads, each with its own session.
 *
 * <ul>
 *   <li>Closed loop ({@link #closedLoop}): every thread sends back to back; the completion rate is the maximum rate
 *       at that concurrency.
 *   <li>Open model ({@link #openModel}): request {@code n} is due at {@code start + n / rate}, whatever happened to
 *       earlier ones; a free thread takes the next due request, waits for its time and sends it, and its latency is
 *       counted from the time it was due. A slow answer therefore cannot hide the requests that would have queued
 *       behind it (no coordinated omission); with every thread busy, requests wait and that wait is measured.
 * </ul>
 */
public final class LoadRunner {
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How many of a run's slowest measured answers it keeps ({@link RunResult#slowest}). */
    static final int SLOWEST_KEPT = 200;

    private static final Comparator<SlowRequest> BY_LATENCY = Comparator.comparingLong(SlowRequest::latencyMicros);

    private LoadRunner() {}

    /** {@code threads} clients sending back to back: {@code warmUp} unmeasured, then {@code measured}. */
    public static RunResult closedLoop(LoadTarget target, int threads, Duration warmUp, Duration measured)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        return run(
                target,
                threads,
                measured,
                0,
                sequence -> {
                    long now = System.nanoTime();
                    return now < end ? now : -1;
                },
                measureFrom);
    }

    /**
     * Requests due at a fixed {@code rate} per second for {@code ramp} (unmeasured) plus {@code measured}, over
     * {@code threads} connections.
     */
    public static RunResult openModel(LoadTarget target, int threads, double rate, Duration ramp, Duration measured)
            throws InterruptedException {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        long start = System.nanoTime();
        long measureFrom = start + ramp.toNanos();
        long end = measureFrom + measured.toNanos();
        double interval = 1e9 / rate;
        return run(
                target,
                threads,
                measured,
                rate,
                sequence -> {
                    long due = start + (long) (sequence * interval);
                    return due < end ? due : -1;
                },
                measureFrom);
    }

    private static RunResult run(
            LoadTarget target, int threads, Duration measured, double rate, Schedule schedule, long measureFrom)
            throws InterruptedException {
        requireNonNull(target, "target is null");
        AtomicLong sequence = new AtomicLong();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Worker> workers = new ArrayList<>();
        // nanoTime has no epoch: the wall clock of a nanoTime value, for the slowest requests' due times.
        long epochNanos = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(target, schedule, sequence, errors, measureFrom, epochNanos);
            workers.add(worker);
            worker.thread.start();
        }
        Histogram latencies = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        List<SlowRequest> slow = new ArrayList<>();
        for (Worker worker : workers) {
            worker.thread.join();
            latencies.add(worker.latencies);
            slow.addAll(worker.slowest);
        }
        slow.sort(BY_LATENCY.reversed());
        List<SlowRequest> slowest = new ArrayList<>(slow.subList(0, Math.min(SLOWEST_KEPT, slow.size())));
        slowest.sort(Comparator.comparing(SlowRequest::due));
        Map<String, Long> errorKinds = new TreeMap<>();
        errors.forEach((kind, count) -> errorKinds.put(kind, count.sum()));
        return new RunResult(latencies, errorKinds, sequence.get() - threads, measured, rate, slowest);
    }

    /** When request {@code sequence} is due (nanoTime), or -1 once the run is over. */
    @FunctionalInterface
    private interface Schedule {
        long due(long sequence);
    }

    private static final class Worker implements Runnable {
        private final LoadTarget target;
        private final Schedule schedule;
        private final AtomicLong sequence;
        private final Map<String, LongAdder> errors;
        private final long measureFrom;
        private final long epochNanos;
        private final Histogram latencies = new Histogram(HIGHEST_LATENCY_NANOS, 3);
        /** This thread's slowest measured answers, the fastest of them first, at most {@link #SLOWEST_KEPT}. */
        private final PriorityQueue<SlowRequest> slowest = new PriorityQueue<>(BY_LATENCY);

        private final Thread thread;

        Worker(
                LoadTarget target,
                Schedule schedule,
                AtomicLong sequence,
                Map<String, LongAdder> errors,
                long measureFrom,
                long epochNanos) {
            this.target = target;
            this.schedule = schedule;
            this.sequence = sequence;
            this.errors = errors;
            this.measureFrom = measureFrom;
            this.epochNanos = epochNanos;
            this.thread = new Thread(this, "load");
            this.thread.setDaemon(true);
        }

        private void keepIfSlowest(long due, long lateNanos, long latencyNanos) {
            if (slowest.size() == SLOWEST_KEPT && slowest.peek().latencyMicros() >= latencyNanos / 1_000) {
                return;
            }
            long epoch = epochNanos + due;
            slowest.add(new SlowRequest(
                    Instant.ofEpochSecond(epoch / 1_000_000_000, epoch % 1_000_000_000),
                    lateNanos / 1_000,
                    latencyNanos / 1_000));
            if (slowest.size() > SLOWEST_KEPT) {
                slowest.poll();
            }
        }

        @Override
        public void run() {
            LoadTarget.@Nullable Session session = null;
            try {
                for (long next = sequence.getAndIncrement(); ; next = sequence.getAndIncrement()) {
                    long due = schedule.due(next);
                    if (due < 0) {
                        return;
                    }
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    long sent = System.nanoTime();
                    boolean correct;
                    String failure = "";
                    try {
                        if (session == null) {
                            session = target.open();
                        }
                        correct = session.send(next);
                        if (!correct) {
                            failure = session.failure();
                        }
                    } catch (IOException | RuntimeException e) {
                        correct = false;
                        failure = e.getClass().getSimpleName();
                        if (session != null) {
                            session.close();
                            session = null;
                        }
                    }
                    long latency = System.nanoTime() - due;
                    if (due >= measureFrom) {
                        if (correct) {
                            latencies.recordValue(Math.min(latency, HIGHEST_LATENCY_NANOS));
                            keepIfSlowest(due, sent - due, latency);
                        } else {
                            errors.computeIfAbsent(failure, kind -> new LongAdder())
                                    .increment();
                        }
                    }
                }
            } finally {
                if (session != null) {
                    session.close();
                }
            }
        }
    }
}
