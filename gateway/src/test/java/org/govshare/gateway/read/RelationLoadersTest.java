package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.dataloader.MappedBatchLoader;
import org.junit.jupiter.api.Test;

/**
 * A request's relation loaders are made when first asked for, and a dispatch runs the last waiting loader's batch on
 * the dispatching thread and the others where their batch functions send them: a level of one relation is not handed
 * to another thread, a level of several waits for the slowest. A dispatch inside a batch run here (the next level,
 * completed on this thread) decides for its own loaders and leaves the outer one's decision as it found it.
 */
class RelationLoadersTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void aLoaderIsMadeOnceWhenFirstAskedFor() {
        RelationLoaders loaders = new RelationLoaders();
        assertThat(loaders.getDataLoaders()).isEmpty();

        DataLoader<String, String> first = loaders.loader("Resident.pension", () -> recording("pension"));
        DataLoader<String, String> again = loaders.loader("Resident.pension", () -> recording("other"));

        assertThat(again).isSameAs(first);
        assertThat(loaders.getKeys()).containsExactly("Resident.pension");
    }

    @Test
    void onlyTheLastWaitingLoaderRunsHere() {
        RelationLoaders loaders = new RelationLoaders();
        DataLoader<String, String> pension = loaders.loader("Resident.pension", () -> recording("pension"));
        DataLoader<String, String> incomes = loaders.loader("Resident.incomes", () -> recording("incomes"));
        loaders.loader("Resident.medical", () -> recording("medical"));
        CompletableFuture<String> pensionLoaded = pension.load("p1");
        CompletableFuture<String> incomesLoaded = incomes.load("i1");

        loaders.dispatchAll();

        // Which of the two is last is the registry's order; the medical loader had nothing to load.
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).endsWith("here=false");
        assertThat(calls.get(1)).endsWith("here=true");
        assertThat(String.join(" ", calls)).contains("pension", "incomes");
        assertThat(pensionLoaded).isCompletedWithValue("pension:p1");
        assertThat(incomesLoaded).isCompletedWithValue("incomes:i1");
        assertThat(RelationLoaders.dispatchingHere()).isFalse();
    }

    @Test
    void aDispatchInsideABatchRunHereDecidesForItsOwnLoaders() {
        RelationLoaders loaders = new RelationLoaders();
        DataLoader<String, String> status = loaders.loader("Pension.status", () -> recording("status"));
        DataLoader<String, String> history = loaders.loader("Pension.history", () -> recording("history"));
        DataLoader<String, String> pension = loaders.loader(
                "Resident.pension",
                () -> DataLoaderFactory.newMappedDataLoader((MappedBatchLoader<String, String>) keys -> {
                    calls.add("pension here=" + RelationLoaders.dispatchingHere());
                    // The next level is dispatched while this batch, run here, completes.
                    status.load("s1");
                    history.load("h1");
                    loaders.dispatchAll();
                    calls.add("pension after next level here=" + RelationLoaders.dispatchingHere());
                    return CompletableFuture.completedFuture(Map.of("p1", "pension:p1"));
                }));
        pension.load("p1");

        loaders.dispatchAll();

        assertThat(calls).hasSize(4);
        assertThat(calls.get(0)).isEqualTo("pension here=true");
        assertThat(calls.get(1)).endsWith("here=false");
        assertThat(calls.get(2)).endsWith("here=true");
        assertThat(calls.get(1) + " " + calls.get(2)).contains("status", "history");
        assertThat(calls.get(3)).isEqualTo("pension after next level here=true");
        assertThat(RelationLoaders.dispatchingHere()).isFalse();
    }

    @Test
    void aRequestWithoutRelationLoadersIsRefused() {
        assertThatThrownBy(() -> RelationLoaders.of(new DataLoaderRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no relation loaders for this request");
    }

    private DataLoader<String, String> recording(String name) {
        return DataLoaderFactory.newMappedDataLoader((MappedBatchLoader<String, String>) keys -> {
            calls.add(name + " here=" + RelationLoaders.dispatchingHere());
            return CompletableFuture.completedFuture(
                    Map.of(keys.iterator().next(), name + ":" + keys.iterator().next()));
        });
    }
}
