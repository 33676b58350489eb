package org.govshare.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {
    @Test
    void placesAreBoundedPerConsumerAndPerInstanceAndComeBackWhenLeft() {
        WaitingRoom room = new WaitingRoom(3, 2);

        assertThat(room.enter("bank")).isTrue();
        assertThat(room.enter("bank")).isTrue();
        assertThat(room.enter("bank")).as("the bank's two places are taken").isFalse();
        assertThat(room.enter("office")).isTrue();
        assertThat(room.enter("office"))
                .as("the instance's three places are taken")
                .isFalse();

        room.leave("bank");
        assertThat(room.waiting("bank")).as("one bank place is still taken").isTrue();
        assertThat(room.enter("office")).as("the place the bank left").isTrue();
        assertThat(room.enter("bank"))
                .as("the instance's three places are taken again")
                .isFalse();
        room.leave("office");
        room.leave("office");
        assertThat(room.waiting("office")).as("the office left both its places").isFalse();
        assertThat(room.enter("bank")).isTrue();
        assertThat(room.enter("bank"))
                .as("the bank's two places are taken again")
                .isFalse();
    }

    @Test
    void aSettlementWakesAWaiterAndOneThatCameBeforeTheWaitIsNotLost() throws Exception {
        WaitingRoom room = new WaitingRoom();
        long seen = room.settlements("misses:bank");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                room.await("misses:bank", seen, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        room.settled("misses:bank");
        waiting.get(5, TimeUnit.SECONDS);

        // Settled between the check and the wait: the wait returns at once.
        long before = room.settlements("misses:office");
        room.settled("misses:office");
        long started = System.nanoTime();
        room.await("misses:office", before, TimeUnit.SECONDS.toNanos(30));
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
