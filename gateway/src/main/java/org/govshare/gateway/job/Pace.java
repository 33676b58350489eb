package org.govshare.gateway.job;

import java.util.concurrent.locks.LockSupport;

/**
 * A rate in units a second that work waits for: after {@code done} units since {@code started}, it goes on no sooner
 * than those units are due. A rate of 0 never waits. Used to keep a job's upload and its processing from taking the
 * cores from online requests ({@code govshare.jobs.upload-rate}, {@code govshare.jobs.processing-rate}).
 */
final class Pace {
    private final int perSecond;

    private Pace(int perSecond) {
        this.perSecond = perSecond;
    }

    /** The pace a setting names; refused when it is negative (a configuration error, named in the message). */
    static Pace of(String setting, int perSecond) {
        if (perSecond < 0) {
            throw new IllegalStateException(setting + " must be 0 (no limit) or more");
        }
        return new Pace(perSecond);
    }

    /** Waits until {@code done} units are due at this pace since {@code started} ({@link System#nanoTime()}). */
    void await(long done, long started) {
        if (perSecond == 0 || done <= 0) {
            return;
        }
        long due = started + done * 1_000_000_000L / perSecond;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
