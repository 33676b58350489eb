package org.govshare.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorSlotsTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRequestBeyondTheSlotsWaitsUntilOneLeaves() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        ProcessorSlots.Hold first = slots.enter();
        CountDownLatch entered = new CountDownLatch(1);
        Future<?> second = threads.submit(() -> {
            ProcessorSlots.Hold hold = slots.enter();
            try {
                entered.countDown();
                assertThat(slots.available()).isZero();
            } finally {
                hold.close();
            }
        });
        assertThat(entered.await(200, TimeUnit.MILLISECONDS)).isFalse();
        first.close();
        second.get(5, TimeUnit.SECONDS);
        assertThat(slots.available()).isOne();
    }

    @Test
    void aRequestThatWaitsGivesItsSlotToTheNextAndTakesItBackAfter() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        ProcessorSlots.Hold waiter = slots.enter();
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        assertThat(slots.available()).isOne();
        // While this thread waits (for a source, say), another request computes.
        threads.submit(() -> {
                    ProcessorSlots.Hold hold = slots.enter();
                    try {
                        assertThat(slots.available()).isZero();
                    } finally {
                        hold.close();
                    }
                })
                .get(5, TimeUnit.SECONDS);
        waiting.close();
        assertThat(slots.available()).isZero();
        waiter.close();
        assertThat(slots.available()).isOne();
    }

    @Test
    void aThreadBackFromAWaitGoesOnWithoutASlotWhenNoneComesFreeAndGivesNoneBack() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        ProcessorSlots.Hold waiter = slots.enter();
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        CountDownLatch release = new CountDownLatch(1);
        Future<?> other = holding(slots, release);
        long started = System.nanoTime();
        waiting.close();
        long waited = System.nanoTime() - started;
        assertThat(waited).isBetween(ProcessorSlots.RETURN_WAIT, TimeUnit.SECONDS.toNanos(5));
        // It holds no slot now, so nested waits and its end give none back: the other request's stays counted.
        ProcessorSlots.waiting().close();
        waiter.close();
        assertThat(slots.available()).isZero();
        release.countDown();
        other.get(5, TimeUnit.SECONDS);
        assertThat(slots.available()).isOne();
    }

    @Test
    void aThreadHoldingASlotTakesNoSecondAndThreadsHoldingNoneAreNotCounted() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        ProcessorSlots.Hold outer = slots.enter();
        try {
            // A forward within the process enters again on the same thread: it must not wait for its own slot.
            ProcessorSlots.Hold nested = slots.enter();
            try {
                assertThat(slots.available()).isZero();
            } finally {
                nested.close();
            }
            assertThat(slots.available()).isZero();
        } finally {
            outer.close();
        }
        assertThat(slots.available()).isOne();
        // A source's own thread waits without a slot: nothing is given back or taken.
        threads.submit(() -> ProcessorSlots.waiting().close()).get(5, TimeUnit.SECONDS);
        assertThat(slots.available()).isOne();
    }

    @Test
    void aWaitIsNotCutShortByAnInterruptAndTheInterruptIsKept() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        Future<Boolean> interrupted = threads.submit(() -> {
            ProcessorSlots.Hold hold = slots.enter();
            try {
                ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
                Thread.currentThread().interrupt();
                waiting.close();
                boolean kept = Thread.currentThread().isInterrupted();
                assertThat(slots.available()).isZero();
                return kept;
            } finally {
                hold.close();
            }
        });
        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slots.available()).isOne();
    }

    @Test
    void aThreadBackFromAWaitIsServedBeforeRequestsThatHaveNotStarted() throws Exception {
        ProcessorSlots slots = new ProcessorSlots(1);
        ProcessorSlots.Hold waiter = slots.enter();
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        // Another request takes the slot while this thread waits; a third queues to start.
        CountDownLatch otherOut = new CountDownLatch(1);
        Future<?> other = holding(slots, otherOut);
        CountDownLatch thirdIn = new CountDownLatch(1);
        Future<?> third = threads.submit(() -> {
            ProcessorSlots.Hold hold = slots.enter();
            thirdIn.countDown();
            hold.close();
        });
        awaitTrue(() -> slots.queued() == 1);
        // This thread comes back from its wait; once it waits for a slot, the other request gives its slot back.
        threads.submit(() -> {
            awaitTrue(() -> slots.returningNow() == 1);
            otherOut.countDown();
        });
        waiting.close();
        other.get(5, TimeUnit.SECONDS);
        // The slot went to this thread, not to the request that had not started.
        assertThat(thirdIn.getCount()).isOne();
        assertThat(slots.available()).isZero();
        waiter.close();
        third.get(5, TimeUnit.SECONDS);
        assertThat(thirdIn.getCount()).isZero();
        assertThat(slots.available()).isOne();
    }

    /** A request on another thread that has taken a slot (when this returns) and holds it until {@code release}. */
    private Future<?> holding(ProcessorSlots slots, CountDownLatch release) throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            ProcessorSlots.Hold hold = slots.enter();
            try {
                taken.countDown();
                release.await();
            } finally {
                hold.close();
            }
            return null;
        });
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void noSlotsIsAMistake() {
        assertThatThrownBy(() -> new ProcessorSlots(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
