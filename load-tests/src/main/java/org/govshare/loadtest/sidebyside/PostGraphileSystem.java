package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;

/**
 * PostGraphile v5 (amber preset, production mode) on the police database, pinned to the servers' core. For W1 it
 * connects as the owner; for W4 as a login role that row-level security limits to regions 4419… (as the street
 * office's grant limits the gateway). PostGraphile masks nothing: W4 returns the raw ID numbers and addresses.
 */
final class PostGraphileSystem extends ServerSystem {
    static final String W1_DOCUMENT =
            "query($id: String!) { residentByIdNumber(idNumber: $id) { name birthDate regionCode } }";
    static final String W4_DOCUMENT = "{ allResidents(condition: {regionCode: \"441900\"}, first: 50,"
            + " orderBy: ID_NUMBER_ASC) { edges { node { idNumber name address } } } }";
    private final InetSocketAddress address = freeAddress();

    private final Workload workload;

    /** @param workload W1 (as the owner) or W4 (as the row-level-security role) */
    PostGraphileSystem(Options options, List<Subject> subjects, Workload workload) {
        super(options, subjects);
        this.workload = requireNonNull(workload, "workload is null");
        if (workload != Workload.W1 && workload != Workload.W4) {
            throw new IllegalArgumentException("PostGraphile runs W1 and W4 only");
        }
    }

    @Override
    public String name() {
        return "PostGraphile v5";
    }

    @Override
    public StartUp start() throws Exception {
        String role = workload == Workload.W4 ? BenchmarkDatabases.STREET_OFFICE_ROLE : "postgres";
        Path directory = Peers.directory(options, Peers.POSTGRAPHILE);
        ServerProcess server = track(ServerProcess.start(
                "postgraphile",
                List.of(
                        Peers.node(options).toString(),
                        directory
                                .resolve("node_modules/postgraphile/dist/cli-run.js")
                                .toString(),
                        "--preset",
                        "postgraphile/presets/amber",
                        "-c",
                        "postgres://" + role + "@127.0.0.1:5432/govshare_bench_police",
                        "-s",
                        "public",
                        "-n",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(address.getPort())),
                directory,
                Map.of("GRAPHILE_ENV", "production", "NODE_ENV", "production"),
                JavaServers.SERVER_CPUS,
                options.work().resolve("logs/postgraphile-" + workload.name() + ".log")));
        return Readiness.await(
                server,
                address,
                requests().get(0),
                response -> response.status() == 200 && GraphQlRequests.isData(response.body()));
    }

    @Override
    public List<Workload> workloads() {
        return List.of(workload);
    }

    @Override
    public Optional<LoadTarget> target(Workload requested) {
        if (requested != workload) {
            return Optional.empty();
        }
        return Optional.of(new HttpTarget(address, requests(), GraphQlRequests::isData));
    }

    private List<byte[]> requests() {
        if (workload == Workload.W4) {
            return List.of(HttpTarget.post(address, "/graphql", Map.of(), GraphQlRequests.body(W4_DOCUMENT, Map.of())));
        }
        return GraphQlRequests.perSubject(address, "/graphql", Map.of(), W1_DOCUMENT, subjects, GraphQlRequests::idOf);
    }
}
