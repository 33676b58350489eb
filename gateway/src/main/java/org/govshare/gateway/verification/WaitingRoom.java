package org.govshare.gateway.verification;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.govshare.connector.source.ProcessorSlots;

/**
 * The places of reservations that wait for room held by reservations under way (see {@link VerificationGuard}), and
 * how they are woken. A waiting reservation holds its request's thread, so their number is bounded: at most
 * {@code perInstance} in this process and {@code perConsumer} for one consumer; one that finds no place is crowded
 * out at once. A consumer that sends hundreds of lookups at once thus holds no more threads waiting than its share,
 * and the others' waits go on. Waiters are woken by the settlements of this process (each settlement wakes one waiter
 * of its key's stripe); settlements elsewhere (another instance, an expiry) are found by the waiter's own time-outs.
 */
public final class WaitingRoom {
    /** Half of the request threads (Tomcat's 200 by default) may wait at once; a quarter for one consumer. */
    public static final int PER_INSTANCE = 100;

    public static final int PER_CONSUMER = 50;

    private static final int STRIPES = 256;

    private final int perInstance;
    private final int perConsumer;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byConsumer = new ConcurrentHashMap<>();
    private final Stripe[] stripes = new Stripe[STRIPES];

    /** A monitor and the number of settlements it has seen, so a wake between a check and a wait is not lost. */
    private static final class Stripe {
        private long settlements;
    }

    public WaitingRoom() {
        this(PER_INSTANCE, PER_CONSUMER);
    }

    public WaitingRoom(int perInstance, int perConsumer) {
        if (perInstance < 1 || perConsumer < 1) {
            throw new IllegalArgumentException("perInstance and perConsumer must be at least 1");
        }
        this.perInstance = perInstance;
        this.perConsumer = perConsumer;
        for (int index = 0; index < STRIPES; index++) {
            stripes[index] = new Stripe();
        }
    }

    /** Takes a place to wait for {@code consumer}, or returns false when this process or the consumer has none. */
    public boolean enter(String consumer) {
        if (waiting.incrementAndGet() > perInstance) {
            waiting.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        byConsumer.compute(consumer, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perConsumer) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            waiting.decrementAndGet();
        }
        return admitted[0];
    }

    /** Gives back a place {@link #enter} took for {@code consumer}. */
    public void leave(String consumer) {
        byConsumer.computeIfPresent(consumer, (name, count) -> count == 1 ? null : count - 1);
        waiting.decrementAndGet();
    }

    /** Whether a reservation of {@code consumer} waits in this process now. */
    public boolean waiting(String consumer) {
        return byConsumer.containsKey(consumer);
    }

    /** The settlements seen so far on {@code key}'s stripe: taken before asking, passed to {@link #await}. */
    public long settlements(String key) {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            return stripe.settlements;
        }
    }

    /**
     * Waits up to {@code nanos} for a settlement on {@code key}'s stripe after the {@code seen} ones; returns at once
     * if one came meanwhile. The thread gives up its {@link ProcessorSlots slot} while it waits: the room it waits for
     * is held by requests that may need one to finish.
     */
    public void await(String key, long seen, long nanos) throws InterruptedException {
        Stripe stripe = stripe(key);
        long deadline = System.nanoTime() + nanos;
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        try {
            synchronized (stripe) {
                long left = nanos;
                while (stripe.settlements == seen && left > 0) {
                    TimeUnit.NANOSECONDS.timedWait(stripe, left);
                    left = deadline - System.nanoTime();
                }
            }
        } finally {
            waiting.close();
        }
    }

    /** A settlement on {@code key} has been applied: one waiter of its stripe asks again. */
    public void settled(String key) {
        Stripe stripe = stripe(key);
        synchronized (stripe) {
            stripe.settlements++;
            stripe.notify();
        }
    }

    private Stripe stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }
}
