package org.govshare.connector.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * How many requests of this process compute at once. A request takes a slot when it starts ({@link #enter}) and gives
 * it up while its thread waits ({@link #waiting}: for a source, for room held by other requests, for its audit record),
 * so a burst over many connections queues for a slot instead of time-slicing the cores between dozens of runnable
 * threads, each of which then takes longer and holds its locks, connections and reservations longer; and a request
 * that waits for a slow source holds a thread but no slot, so it does not make the others queue.
 *
 * <p>A thread back from a wait is given a slot before any request that has not started: work under way finishes first,
 * and what it holds (a reservation of room under a quota, a source's connection just returned) is held no longer than
 * the work takes. It waits for at most {@link #RETURN_WAIT}; if no slot came free by then it goes on without one (the
 * slots are briefly over-subscribed) rather than wait longer, so what it holds can never wait on a slot held by a
 * request that waits for it. Threads that hold no slot (a source's own threads, a job's) are not counted and their
 * waits change nothing.
 */
public final class ProcessorSlots {
    /** The longest a thread back from a wait waits for a slot before it goes on without one. */
    static final long RETURN_WAIT = TimeUnit.MILLISECONDS.toNanos(100);

    private static final ThreadLocal<@Nullable ProcessorSlots> HELD = new ThreadLocal<>();
    private static final Wait NOT_HOLDING = () -> {};
    private static final Hold NO_SLOT = () -> {};

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition forReturning = lock.newCondition();
    private final Condition forEntering = lock.newCondition();
    private int free;
    private int returning;
    private int entering;
    private final Hold hold = this::exit;
    private final Wait wait = this::resume;

    /** A request's slot, given back when it closes. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** A wait without the thread's slot; closing it takes the slot back. */
    @FunctionalInterface
    public interface Wait extends AutoCloseable {
        @Override
        void close();
    }

    public ProcessorSlots(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one slot");
        }
        this.free = size;
    }

    /**
     * Waits for a slot for the request this thread starts; the returned hold gives it back. A thread that already holds
     * one (a request forwarded within the process) takes no second. An interrupt does not cut the wait short; it is
     * kept for the request's code to see.
     */
    public Hold enter() {
        if (HELD.get() != null) {
            return NO_SLOT;
        }
        boolean interrupted = false;
        lock.lock();
        try {
            entering++;
            try {
                while (free == 0 || returning > 0) {
                    try {
                        forEntering.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                free--;
            } finally {
                entering--;
                wakeOne();
            }
        } finally {
            lock.unlock();
        }
        HELD.set(this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return hold;
    }

    /**
     * Gives up this thread's slot, if it holds one, until the returned wait is closed: call it before the thread blocks
     * on anything that is not computation.
     */
    public static Wait waiting() {
        ProcessorSlots held = HELD.get();
        if (held == null) {
            return NOT_HOLDING;
        }
        HELD.remove();
        held.release();
        return held.wait;
    }

    /** Slots free now. */
    public int available() {
        lock.lock();
        try {
            return free;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot to start now. */
    public int queued() {
        lock.lock();
        try {
            return entering;
        } finally {
            lock.unlock();
        }
    }

    /** Threads back from a wait that wait for a slot now. */
    int returningNow() {
        lock.lock();
        try {
            return returning;
        } finally {
            lock.unlock();
        }
    }

    private void resume() {
        boolean interrupted = false;
        boolean taken = false;
        lock.lock();
        try {
            returning++;
            try {
                long left = RETURN_WAIT;
                while (free == 0 && left > 0) {
                    try {
                        left = forReturning.awaitNanos(left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (free > 0) {
                    free--;
                    taken = true;
                }
            } finally {
                returning--;
                wakeOne();
            }
        } finally {
            lock.unlock();
        }
        if (taken) {
            HELD.set(this);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void exit() {
        if (HELD.get() == this) {
            HELD.remove();
            release();
        }
    }

    private void release() {
        lock.lock();
        try {
            free++;
            wakeOne();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: a free slot goes to a thread back from a wait if one waits, else to a request to start. */
    private void wakeOne() {
        if (free == 0) {
            return;
        }
        if (returning > 0) {
            forReturning.signal();
        } else if (entering > 0) {
            forEntering.signal();
        }
    }
}
