package org.govshare.loadtest.sidebyside;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;

/** govshare, a baseline or a peer: started once per repetition, then driven workload by workload. */
interface SystemUnderTest extends AutoCloseable {
    String name();

    /** Starts the system and waits until it answers a first request correctly. */
    StartUp start() throws Exception;

    /** The workloads this system serves, in the order they run. */
    List<Workload> workloads();

    /** The target for one of {@link #workloads()}, once started; empty when the system cannot serve it (pending). */
    Optional<LoadTarget> target(Workload workload);

    /** The processes whose CPU time and memory count for this system; empty when it runs inside the benchmark. */
    List<ServerProcess> processes();

    @Override
    void close();

    /**
     * Start-up of one repetition: process start to the first correct answer, and how long that first request
     * itself took (JIT, pools and caches all cold).
     */
    record StartUp(Duration toFirstAnswer, Duration firstRequest) {
        static final StartUp IN_PROCESS = new StartUp(Duration.ZERO, Duration.ZERO);

        public StartUp {
            java.util.Objects.requireNonNull(toFirstAnswer, "toFirstAnswer is null");
            java.util.Objects.requireNonNull(firstRequest, "firstRequest is null");
        }
    }
}
