package org.govshare.loadtest.sidebyside;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;

/**
 * A Node federation gateway for W2: Apollo Gateway over two subgraphs of ours (police + hrss on PostgreSQL, tax on
 * MariaDB; {@code load-tests/peers/federation}), all three processes on the servers' core. Its CPU time and memory
 * are the three processes' sum.
 */
final class FederationSystem extends ServerSystem {
    static final String W2_DOCUMENT = GovshareSystem.W2_DOCUMENT;
    private final InetSocketAddress address = freeAddress();
    private final int policeHrssPort = freeAddress().getPort();
    private final int taxPort = freeAddress().getPort();

    FederationSystem(Options options, List<Subject> subjects) {
        super(options, subjects);
    }

    @Override
    public String name() {
        return "Apollo Gateway (federation)";
    }

    @Override
    public StartUp start() throws Exception {
        Path directory = Peers.directory(options, Peers.FEDERATION);
        ServerProcess policeHrss = node(
                directory,
                "police-hrss-subgraph",
                Map.of(
                        "PORT", Integer.toString(policeHrssPort),
                        "POLICE_URL", "postgres://postgres@127.0.0.1:5432/govshare_bench_police",
                        "HRSS_URL", "postgres://postgres@127.0.0.1:5432/govshare_bench_hrss"));
        ServerProcess tax = node(
                directory,
                "tax-subgraph",
                Map.of("PORT", Integer.toString(taxPort), "TAX_DATABASE", "govshare_bench_tax"));
        byte[] probe = HttpTarget.post(address, "/", Map.of(), GraphQlRequests.body("{ __typename }", Map.of()));
        Readiness.awaitAnswer(policeHrss, new InetSocketAddress("127.0.0.1", policeHrssPort), probe);
        Readiness.awaitAnswer(tax, new InetSocketAddress("127.0.0.1", taxPort), probe);
        ServerProcess gateway = node(
                directory,
                "gateway",
                Map.of(
                        "PORT", Integer.toString(address.getPort()),
                        "POLICE_HRSS_URL", "http://127.0.0.1:" + policeHrssPort + "/",
                        "TAX_URL", "http://127.0.0.1:" + taxPort + "/"));
        StartUp gatewayStart = Readiness.await(
                gateway,
                address,
                requests().get(0),
                response -> response.status() == 200 && GraphQlRequests.isData(response.body()));
        // Start-up counts from the first subgraph's start: the whole federation has to come up.
        return new StartUp(
                gatewayStart.toFirstAnswer().plusNanos(gateway.startedNanos() - policeHrss.startedNanos()),
                gatewayStart.firstRequest());
    }

    private ServerProcess node(Path directory, String script, Map<String, String> environment) throws Exception {
        return track(ServerProcess.start(
                "federation-" + script,
                List.of(
                        Peers.node(options).toString(),
                        directory.resolve(script + ".mjs").toString()),
                directory,
                withProduction(environment),
                JavaServers.SERVER_CPUS,
                options.work().resolve("logs/federation-" + script + ".log")));
    }

    private static Map<String, String> withProduction(Map<String, String> environment) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("NODE_ENV", "production");
        return all;
    }

    @Override
    public List<Workload> workloads() {
        return List.of(Workload.W2);
    }

    @Override
    public Optional<LoadTarget> target(Workload workload) {
        if (workload != Workload.W2) {
            return Optional.empty();
        }
        return Optional.of(new HttpTarget(address, requests(), GraphQlRequests::isData));
    }

    private List<byte[]> requests() {
        return GraphQlRequests.perSubject(address, "/", Map.of(), W2_DOCUMENT, subjects, GraphQlRequests::idOf);
    }
}
