package org.govshare.connector.source;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How many requests of this process compute at once. A request takes a slot when it starts ({@link #enter}) and gives
 * it up while its thread waits ({@link #waiting}: for a source, for room held by other requests, for its audit record),
 * so a burst over many connections queues for a slot instead of time-slicing the cores between dozens of runnable
 * threads, each of which then takes longer and holds its locks, connections and reservations longer; and a request
 * that waits for a slow source holds a thread but no slot, so it does not make the others queue.
 *
 * <p>A thread takes its slot back after a wait for at most {@link #RETURN_WAIT}; if none came free by then it goes on
 * without one (the slots are briefly over-subscribed) rather than wait longer: what the thread holds meanwhile
 * (a reservation, a lock) can then never wait on a slot held by a request that waits for it. Threads that hold no
 * slot (a source's own threads, a job's) are not counted and their waits change nothing.
 */
public final class ProcessorSlots {
    /** The longest a thread back from a wait waits for a slot before it goes on without one. */
    static final long RETURN_WAIT = TimeUnit.MILLISECONDS.toNanos(100);

    private static final ThreadLocal<@Nullable ProcessorSlots> HELD = new ThreadLocal<>();
    private static final Wait NOT_HOLDING = () -> {};
    private static final Hold NO_SLOT = () -> {};

    private final Semaphore slots;
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
        this.slots = new Semaphore(size);
    }

    /**
     * Waits for a slot for the request this thread starts; the returned hold gives it back. A thread that already holds
     * one (a request forwarded within the process) takes no second.
     */
    public Hold enter() {
        if (HELD.get() != null) {
            return NO_SLOT;
        }
        slots.acquireUninterruptibly();
        HELD.set(this);
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
        held.slots.release();
        return held.wait;
    }

    /** Slots free now. */
    public int available() {
        return slots.availablePermits();
    }

    /** Requests waiting for a slot now (an estimate: it changes as it is counted). */
    public int queued() {
        return slots.getQueueLength();
    }

    private void resume() {
        boolean interrupted = Thread.interrupted();
        try {
            if (slots.tryAcquire(RETURN_WAIT, TimeUnit.NANOSECONDS)) {
                HELD.set(this);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void exit() {
        if (HELD.get() == this) {
            HELD.remove();
            slots.release();
        }
    }
}
