package org.govshare.gateway.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Verification jobs ({@code govshare.jobs}): the most keys per set statement ({@code batch-size}; fewer for a slow or
 * busy source and after a batch that failed, down to {@code minimum-batch-size}, see {@link BatchSizing}), the
 * subjects a second an upload is read at ({@code upload-rate}), the jobs one instance works on at once
 * ({@code workers}), how often it looks for work and expired results ({@code poll-interval}), and how long an instance
 * holds a job it stopped renewing ({@code lease}) before another takes it over.
 */
@ConfigurationProperties("govshare.jobs")
public class JobProperties {
    // 2,048: on PostgreSQL the keys are one array parameter, whose statement costs ~20 µs a key at that size (an OR
    // chain of 512 cost ~75 µs a key); BatchSizing still shortens it for a slow or busy source.
    private int batchSize = 2048;
    private int minimumBatchSize = 32;
    private int workers = 2;
    // An upload read faster than this takes the cores from online requests (the million subjects' parsing, the
    // control plane's writes); 0 reads as fast as the consumer sends. 400,000 since the subjects are stored a chunk
    // per row: online W1's p99 during an upload at that rate was no worse than at 200,000 with a row per subject.
    private int uploadRate = 400_000;
    // Checked subjects a second per job; 0 checks as fast as the sources, Redis and the control plane allow.
    private int processingRate = 0;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofSeconds(30);
    private boolean enabled = true;

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMinimumBatchSize() {
        return minimumBatchSize;
    }

    public void setMinimumBatchSize(int minimumBatchSize) {
        this.minimumBatchSize = minimumBatchSize;
    }

    /** Subjects a second one upload is read at, at most; 0 for no limit. */
    public int getUploadRate() {
        return uploadRate;
    }

    public void setUploadRate(int uploadRate) {
        this.uploadRate = uploadRate;
    }

    /** Subjects a second one job is checked at, at most; 0 for no limit. */
    public int getProcessingRate() {
        return processingRate;
    }

    public void setProcessingRate(int processingRate) {
        this.processingRate = processingRate;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    /** Whether this instance works on jobs at all (it always accepts and answers them). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
