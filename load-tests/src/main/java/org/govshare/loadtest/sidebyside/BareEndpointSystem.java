package org.govshare.loadtest.sidebyside;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govshare.loadtest.bare.BareEndpointApplication;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;

/** Our stack's floor: {@link BareEndpointApplication} in its own process, started exactly like the gateway. */
final class BareEndpointSystem extends ServerSystem {
    private final InetSocketAddress address = freeAddress();

    BareEndpointSystem(Options options, List<Subject> subjects) {
        super(options, subjects);
    }

    @Override
    public String name() {
        return "bare Spring MVC endpoint";
    }

    @Override
    public StartUp start() throws Exception {
        ServerProcess server = track(ServerProcess.start(
                "bare-endpoint",
                JavaServers.command(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        BareEndpointApplication.class.getName(),
                        "--server.port=" + address.getPort(),
                        "--bare.work=" + options.work())),
                options.root(),
                Map.of(),
                JavaServers.SERVER_CPUS,
                options.work().resolve("logs/bare-endpoint.log")));
        return Readiness.await(
                server,
                address,
                requests(Workload.W1).get(0),
                response -> response.status() == 200 && response.body().contains("\"regionCode\""));
    }

    @Override
    public List<Workload> workloads() {
        return List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4);
    }

    @Override
    public Optional<LoadTarget> target(Workload workload) {
        return Optional.of(new HttpTarget(
                address,
                requests(workload),
                workload == Workload.W3 ? body -> body.contains("\"outcome\":\"MATCH\"") : body -> !body.isEmpty()));
    }

    private List<byte[]> requests(Workload workload) {
        List<byte[]> requests = new ArrayList<>();
        for (Subject subject : subjects) {
            requests.add(
                    switch (workload) {
                        case W1 -> HttpTarget.get(address, "/residents/" + subject.idNumber(), Map.of());
                        case W2 ->
                            HttpTarget.get(
                                    address, "/residents/" + subject.idNumber() + "/cross-source?year=2024", Map.of());
                        case W3 ->
                            HttpTarget.post(
                                    address,
                                    "/verify-resident",
                                    Map.of(),
                                    GraphQlRequests.JSON.writeValueAsString(Map.of(
                                            "idNumber", subject.idNumber(),
                                            "name", subject.name(),
                                            "birthDate", subject.birthDate().toString())));
                        case W4 -> HttpTarget.get(address, "/residents?regionCode=441900&first=50", Map.of());
                        case W1_LITERAL, W5, W6 ->
                            throw new IllegalArgumentException("the bare endpoint does not serve " + workload);
                    });
        }
        return requests;
    }
}
