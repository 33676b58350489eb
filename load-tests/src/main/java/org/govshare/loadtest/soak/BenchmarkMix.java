package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.sidebyside.GovshareSystem;
import org.govshare.loadtest.sidebyside.Workload;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark mix: W1 to W5 in turn, each through the gateway's own target for it (so with the side-by-side
 * benchmark's requests and its test of a correct answer), every answer counted by workload. The counts cover every
 * request sent through the mix, so that they can be set against the audit trail.
 */
final class BenchmarkMix implements LoadTarget {
    /** W3 verifies as bank-kyc; W5 is the refusal the contract requires. */
    static final List<Workload> WORKLOADS = List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4, Workload.W5);

    private volatile List<LoadTarget> targets;
    private final AtomicInteger generation = new AtomicInteger();
    private final List<Tally> tallies = new ArrayList<>();

    /** The mix over one target per workload of {@link #WORKLOADS}, in that order. */
    BenchmarkMix(List<LoadTarget> targets) {
        if (targets.size() != WORKLOADS.size()) {
            throw new IllegalArgumentException("one target per workload of the mix is needed");
        }
        this.targets = List.copyOf(targets);
        targets.forEach(target -> tallies.add(new Tally()));
    }

    /** The mix on a started gateway; fails when it cannot serve one of the workloads (e.g. W3 on a jar without it). */
    static BenchmarkMix of(GovshareSystem gateway) {
        return new BenchmarkMix(targetsOf(gateway));
    }

    private static List<LoadTarget> targetsOf(GovshareSystem gateway) {
        requireNonNull(gateway, "gateway is null");
        List<LoadTarget> targets = new ArrayList<>();
        for (Workload workload : WORKLOADS) {
            targets.add(gateway.target(workload)
                    .orElseThrow(() -> new IllegalStateException(workload + " cannot run: "
                            + gateway.pendingReason(workload).orElse("not served"))));
        }
        return targets;
    }

    /**
     * Renews the clients' tokens and sends the following requests with them (each connection opens its sessions
     * anew): a token lives an hour, a soak may run longer.
     */
    void renewTokens(GovshareSystem gateway) throws IOException {
        gateway.renewTokens();
        targets = List.copyOf(targetsOf(gateway));
        generation.incrementAndGet();
    }

    /** How the requests sent so far ended, by workload. */
    Map<Workload, Answers> answers() {
        Map<Workload, Answers> answers = new LinkedHashMap<>();
        for (int i = 0; i < WORKLOADS.size(); i++) {
            answers.put(WORKLOADS.get(i), tallies.get(i).read());
        }
        return answers;
    }

    /** How the requests sent so far ended, all workloads together. */
    Answers total() {
        return answers().values().stream().reduce(Answers.NONE, Answers::plus);
    }

    @Override
    public Session open() {
        return new Session() {
            private final @Nullable Session[] sessions = new Session[WORKLOADS.size()];
            private int openedIn = generation.get();

            @Override
            public boolean send(long sequence) throws IOException {
                List<LoadTarget> targets = BenchmarkMix.this.targets;
                if (openedIn != generation.get()) {
                    // New tokens: this connection's sessions are opened again with the renewed targets' requests.
                    close();
                    openedIn = generation.get();
                }
                int index = (int) (sequence % targets.size());
                Tally tally = tallies.get(index);
                boolean expected;
                try {
                    Session session = sessions[index];
                    if (session == null) {
                        session = targets.get(index).open();
                        sessions[index] = session;
                    }
                    // Each workload goes through its own requests (subjects) in turn.
                    expected = session.send(sequence / targets.size());
                } catch (IOException | RuntimeException e) {
                    tally.lost.increment();
                    throw e;
                }
                (expected ? tally.expected : tally.unexpected).increment();
                return expected;
            }

            @Override
            public void close() {
                for (int i = 0; i < sessions.length; i++) {
                    Session session = sessions[i];
                    if (session != null) {
                        session.close();
                        sessions[i] = null;
                    }
                }
            }
        };
    }

    private static final class Tally {
        final LongAdder expected = new LongAdder();
        final LongAdder unexpected = new LongAdder();
        final LongAdder lost = new LongAdder();

        Answers read() {
            return new Answers(expected.sum(), unexpected.sum(), lost.sum());
        }
    }
}
