package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;
import tools.jackson.databind.JsonNode;

/**
 * govshare: the gateway's executable jar in its own process on the benchmark databases, with the demo profile's token
 * issuer and grants plus the benchmark grant ({@code db/bench}). Tokens are fetched once per client after start-up.
 * The side-by-side benchmark and the soak run both drive it.
 */
public final class GovshareSystem extends ServerSystem {
    static final String W1_DOCUMENT = "query($id: ID!) { resident(idNumber: $id) { name birthDate regionCode } }";
    static final String W2_DOCUMENT = "query($id: ID!) { resident(idNumber: $id) {"
            + " name pension { status retired } incomes(year: 2024) { annualIncome } } }";
    static final String W3_DOCUMENT = "query($id: ID!, $name: String!, $birthDate: Date!) {"
            + " verifyResident(idNumber: $id, claims: {name: $name, birthDate: $birthDate}) { outcome } }";
    static final String W4_DOCUMENT =
            "{ residents(regionCode: \"441900\", first: 50) { edges { node { idNumber name address } } } }";
    static final String W5_DOCUMENT = "query($id: ID!) { resident(idNumber: $id) { name address } }";
    static final String BENCHMARK_PURPOSE = "BENCHMARK_CROSS_SOURCE";

    private final InetSocketAddress address = freeAddress();

    private final BenchmarkDatabases databases;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<Workload, String> pending = new EnumMap<>(Workload.class);

    public GovshareSystem(Options options, BenchmarkDatabases databases, List<Subject> subjects) {
        super(options, subjects);
        this.databases = requireNonNull(databases, "databases is null");
    }

    @Override
    public String name() {
        return "govshare";
    }

    @Override
    public StartUp start() throws Exception {
        if (!java.nio.file.Files.isRegularFile(options.gatewayJar())) {
            throw new IllegalStateException(
                    "no gateway jar at " + options.gatewayJar() + " (./mvnw -DskipTests package)");
        }
        databases.recreateControlPlane();
        List<String> launch =
                new ArrayList<>(List.of("-jar", options.gatewayJar().toString()));
        launch.addAll(arguments());
        ServerProcess server = track(ServerProcess.start(
                name(),
                JavaServers.command(
                        options.gatewayJava().orElse(Path.of(System.getProperty("java.home"), "bin", "java")),
                        options.gatewayJvmOptions(),
                        launch),
                options.root(),
                Map.of(),
                JavaServers.SERVER_CPUS,
                options.work().resolve("logs/govshare.log")));
        Readiness.awaitAnswer(server, address, tokenRequest("dongguan-window"));
        for (String client : List.of("dongguan-window", "bank-kyc", "street-office-441900", "authority-admin")) {
            tokens.put(client, fetchToken(client));
        }
        StartUp startUp = Readiness.await(
                server,
                address,
                requests(Workload.W1).get(0),
                response -> response.status() == 200 && response.body().contains("\"regionCode\""));
        probeVerification();
        return startUp;
    }

    private List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + address.getPort(),
                // The benchmark's clients and grants are the demo's, on the benchmark's own databases.
                "--spring.profiles.active=demo",
                "--spring.datasource.url=" + databases.controlUrl(),
                "--spring.datasource.username=postgres",
                "--spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,"
                        + "classpath:db/demo,filesystem:"
                        + options.loadTests().resolve("src/main/resources/db/bench"),
                "--govshare.demo.generate=false",
                // As deployed: every answer waits for its audit record in the control plane, and quotas are kept
                // in the shared Redis (a fresh key prefix per start, so no earlier run's counters apply).
                "--govshare.audit.key=" + auditKey(),
                "--govshare.quotas.redis-url=redis://127.0.0.1:6379",
                "--govshare.quotas.redis-key-prefix=side-by-side-" + UUID.randomUUID(),
                "--logging.level.root=WARN"));
        for (BenchmarkDatabases.SourceDatabase source : databases.sources()) {
            String prefix = "--govshare.sources." + source.name() + ".";
            arguments.add(prefix + "url=" + source.url());
            arguments.add(prefix + "username=" + source.username());
            if (source.dialect() != null) {
                arguments.add(prefix + "dialect=" + source.dialect());
            }
        }
        return arguments;
    }

    /** A fresh secret per start: the control plane, and so the audit trail, is re-created with every run. */
    private static String auditKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /**
     * W3 runs only if {@code verifyResident} answers MATCH for a true claim first. An older jar without verification
     * answers FORBIDDEN_FIELD (or a validation error), and W3 is then reported as pending rather than failing the run.
     * A MISMATCH would mean the claims the benchmark reads from the database are wrong; sending them again could lock
     * subjects, so W3 stops.
     */
    private void probeVerification() throws IOException {
        HttpTarget.Response response =
                HttpTarget.exchange(address, requests(Workload.W3).get(0));
        if (!response.body().contains("\"outcome\":\"MATCH\"")) {
            pending.put(Workload.W3, "the gateway answered " + abbreviate(response.body()));
        }
    }

    /** Why a workload could not run on this jar, if it could not. */
    public Optional<String> pendingReason(Workload workload) {
        return Optional.ofNullable(pending.get(workload));
    }

    @Override
    public List<Workload> workloads() {
        return List.of(Workload.W1, Workload.W1_LITERAL, Workload.W2, Workload.W3, Workload.W4, Workload.W5);
    }

    @Override
    public Optional<LoadTarget> target(Workload workload) {
        if (pending.containsKey(workload)) {
            return Optional.empty();
        }
        return Optional.of(new HttpTarget(
                address,
                requests(workload),
                workload == Workload.W5
                        ? body -> body.contains("\"FORBIDDEN_FIELD\"") && !body.contains("\"data\":{")
                        : workload == Workload.W3
                                ? body -> body.contains("\"outcome\":\"MATCH\"")
                                : GraphQlRequests::isData));
    }

    /** W6: the documents of {@link ColdShapes}, as requests under the benchmark grant. */
    List<byte[]> coldShapeRequests(List<ColdShapes.Shape> shapes) {
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Subject subject = subjects.get(i % subjects.size());
            requests.add(HttpTarget.post(
                    address,
                    "/graphql",
                    headers("dongguan-window", BENCHMARK_PURPOSE, i),
                    GraphQlRequests.body(shapes.get(i).document(), GraphQlRequests.idOf(subject))));
        }
        return requests;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Fetches a new token for every client: the demo issuer's tokens live an hour, and a run longer than that (the
     * hour-long soak) must renew them as a real client does. Targets built afterwards carry the new tokens.
     */
    public synchronized void renewTokens() throws IOException {
        for (String client : List.copyOf(tokens.keySet())) {
            tokens.put(client, fetchToken(client));
        }
    }

    /** The gateway's metrics in Prometheus' text format, read with the authority's token (scope gateway.admin). */
    public String fetchMetrics() throws IOException {
        HttpTarget.Response response = HttpTarget.exchange(
                address,
                HttpTarget.get(
                        address,
                        "/actuator/prometheus",
                        Map.of("Authorization", "Bearer " + tokens.get("authority-admin"), "Accept", "text/plain")));
        if (response.status() != 200) {
            throw new IOException("metrics answered " + response.status() + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    private List<byte[]> requests(Workload workload) {
        return switch (workload) {
            case W1 -> perSubject("dongguan-window", "PENSION_EXTENSION", W1_DOCUMENT, GraphQlRequests::idOf);
            case W1_LITERAL -> literalW1();
            case W2 -> perSubject("dongguan-window", BENCHMARK_PURPOSE, W2_DOCUMENT, GraphQlRequests::idOf);
            case W3 ->
                perSubject(
                        "bank-kyc",
                        "ACCOUNT_OPENING_KYC",
                        W3_DOCUMENT,
                        subject -> Map.of(
                                "id",
                                subject.idNumber(),
                                "name",
                                subject.name(),
                                "birthDate",
                                subject.birthDate().toString()));
            case W4 ->
                List.of(HttpTarget.post(
                        address,
                        "/graphql",
                        headers("street-office-441900", "GRASSROOTS_RETURN", 0),
                        GraphQlRequests.body(W4_DOCUMENT, Map.of())));
            case W5 -> perSubject("dongguan-window", "PENSION_EXTENSION", W5_DOCUMENT, GraphQlRequests::idOf);
            case W6 -> throw new IllegalArgumentException("W6 runs through coldShapeRequests");
        };
    }

    /** W1 with the subject's ID number in the document's text: one text per subject, no variables. */
    private List<byte[]> literalW1() {
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            String document = "{ resident(idNumber: "
                    + GraphQlRequests.JSON.writeValueAsString(subjects.get(i).idNumber())
                    + ") { name birthDate regionCode } }";
            requests.add(HttpTarget.post(
                    address,
                    "/graphql",
                    headers("dongguan-window", "PENSION_EXTENSION", i),
                    GraphQlRequests.body(document, Map.of())));
        }
        return requests;
    }

    private List<byte[]> perSubject(
            String client,
            String purpose,
            String document,
            java.util.function.Function<Subject, Map<String, Object>> variables) {
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            requests.add(HttpTarget.post(
                    address,
                    "/graphql",
                    headers(client, purpose, i),
                    GraphQlRequests.body(document, variables.apply(subjects.get(i)))));
        }
        return requests;
    }

    private Map<String, String> headers(String client, String purpose, int caseNumber) {
        String token = tokens.get(client);
        if (token == null) {
            throw new IllegalStateException("no token for " + client + " (start first)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("X-Purpose", purpose);
        headers.put("X-Case-Id", "BENCH-" + caseNumber);
        headers.put("X-Operator-Id", "bench-operator");
        return headers;
    }

    /**
     * The source SQL the gateway would send for W1, W2 and W4, from its {@code explain} admin API (which takes
     * literal documents: fixed record R1's ID number stands in for the variable).
     */
    Map<Workload, List<String>> explainSourceQueries() throws IOException {
        Map<Workload, List<String>> explained = new EnumMap<>(Workload.class);
        explained.put(Workload.W1, explain("dongguan-window", "PENSION_EXTENSION", W1_DOCUMENT));
        explained.put(Workload.W2, explain("dongguan-window", BENCHMARK_PURPOSE, W2_DOCUMENT));
        explained.put(Workload.W4, explain("street-office-441900", "GRASSROOTS_RETURN", W4_DOCUMENT));
        return explained;
    }

    private List<String> explain(String consumer, String purpose, String document) throws IOException {
        String literal = document.replace("query($id: ID!) ", "").replace("$id", "\"44190019620315048X\"");
        String query = "query($consumer: ID!, $purpose: String!, $document: String!) {"
                + " explain(consumer: $consumer, purpose: $purpose, document: $document) {"
                + " sourceQueries { source sql } problems } }";
        HttpTarget.Response response = HttpTarget.exchange(
                address,
                HttpTarget.post(
                        address,
                        "/admin/graphql",
                        Map.of("Authorization", "Bearer " + tokens.get("authority-admin")),
                        GraphQlRequests.body(
                                query, Map.of("consumer", consumer, "purpose", purpose, "document", literal))));
        List<String> statements = new ArrayList<>();
        JsonNode explanation =
                GraphQlRequests.parse(response.body()).path("data").path("explain");
        for (JsonNode statement : explanation.path("sourceQueries")) {
            statements.add(statement.path("source").asString() + ": "
                    + statement.path("sql").asString().replace('\n', ' '));
        }
        for (JsonNode problem : explanation.path("problems")) {
            statements.add("problem: " + problem.asString());
        }
        if (statements.isEmpty()) {
            statements.add("(no answer: " + abbreviate(response.body()) + ")");
        }
        return statements;
    }

    private byte[] tokenRequest(String client) {
        String basic = Base64.getEncoder()
                .encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
        return HttpTarget.request(
                "POST",
                address,
                "/oauth2/token",
                Map.of("Authorization", "Basic " + basic),
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials");
    }

    private String fetchToken(String client) throws IOException {
        HttpTarget.Response response = HttpTarget.exchange(address, tokenRequest(client));
        String token =
                GraphQlRequests.parse(response.body()).path("access_token").asString("");
        if (response.status() != 200 || token.isEmpty()) {
            throw new IllegalStateException("no token for " + client + ": " + response);
        }
        return token;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        super.close();
        tokens.clear();
        pending.clear();
    }
}
