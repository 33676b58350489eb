package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;

/**
 * The relation loaders of one request: a loader is made when a field of the request first needs it (a lookup without
 * relations makes none), and when graphql-java dispatches a level, every loader with keys waiting starts its source
 * statements on the sources' threads except the last, whose statements run on the dispatching thread. A level that
 * reads one relation (the common case) runs it without handing it to another thread and back; a level that reads
 * several still waits for the slowest source, not for their sum.
 */
public final class RelationLoaders extends DataLoaderRegistry {
    private static final ThreadLocal<Boolean> DISPATCHING_HERE = ThreadLocal.withInitial(() -> false);

    /** The request's relation loaders; refused when the request has none (it did not come through the gateway). */
    static RelationLoaders of(DataLoaderRegistry registry) {
        if (!(registry instanceof RelationLoaders loaders)) {
            throw new IllegalStateException("no relation loaders for this request");
        }
        return loaders;
    }

    /** The loader named {@code name}, made by {@code maker} if this request has none yet. */
    <K, V> DataLoader<K, V> loader(String name, Supplier<DataLoader<K, V>> maker) {
        return computeIfAbsent(name, unused -> maker.get());
    }

    /** Whether the batch being loaded on this thread is the last of its dispatch, to be run here. */
    static boolean dispatchingHere() {
        return DISPATCHING_HERE.get();
    }

    @Override
    public void dispatchAll() {
        List<DataLoader<?, ?>> waiting = new ArrayList<>();
        for (DataLoader<?, ?> loader : dataLoaders.values()) {
            if (loader.dispatchDepth() > 0) {
                waiting.add(loader);
            }
        }
        for (int i = 0; i < waiting.size(); i++) {
            dispatch(waiting.get(i), i == waiting.size() - 1);
        }
    }

    private static void dispatch(DataLoader<?, ?> loader, boolean here) {
        // What a batch run here completes may dispatch the next level on this thread, inside this call: each dispatch
        // sets the flag for its own loaders and puts back what it found.
        boolean before = DISPATCHING_HERE.get();
        DISPATCHING_HERE.set(here);
        try {
            loader.dispatch();
        } finally {
            DISPATCHING_HERE.set(before);
        }
    }
}
