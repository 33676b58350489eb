package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.govshare.loadtest.bare.ResidentQueries;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.load.LoadTarget;
import org.govshare.loadtest.server.ServerProcess;
import org.jspecify.annotations.Nullable;

/**
 * The floor: the gateway's statements as prepared JDBC on pools of the gateway's size, inside the benchmark's own
 * process (no HTTP, no JSON). Its latency is what the databases and drivers cost.
 */
final class DirectJdbcSystem implements SystemUnderTest {
    private final BenchmarkDatabases databases;
    private final List<Subject> subjects;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private @Nullable ResidentQueries queries;

    DirectJdbcSystem(BenchmarkDatabases databases, List<Subject> subjects) {
        this.databases = requireNonNull(databases, "databases is null");
        this.subjects = List.copyOf(subjects);
    }

    @Override
    public String name() {
        return "direct JDBC (in-process)";
    }

    @Override
    public StartUp start() {
        HikariDataSource police = pool(DemoDataGenerator.POLICE);
        HikariDataSource hrss = pool(DemoDataGenerator.HRSS);
        HikariDataSource tax = pool(DemoDataGenerator.TAX);
        queries = new ResidentQueries(police, hrss, tax);
        return StartUp.IN_PROCESS;
    }

    private HikariDataSource pool(String source) {
        HikariDataSource pool = databases.source(source).readOnlyPool("direct-" + source, 8);
        pools.add(pool);
        return pool;
    }

    @Override
    public List<Workload> workloads() {
        return List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4);
    }

    @Override
    public Optional<LoadTarget> target(Workload workload) {
        ResidentQueries started = requireNonNull(queries, "not started");
        return Optional.of(() -> new LoadTarget.Session() {
            @Override
            public boolean send(long sequence) throws IOException {
                Subject subject = subjects.get((int) (sequence % subjects.size()));
                try {
                    return switch (workload) {
                        case W1 -> started.findResident(subject.idNumber()).isPresent();
                        case W2 ->
                            started.findCrossSource(subject.idNumber(), 2024).isPresent();
                        case W3 ->
                            started.verify(subject.idNumber(), subject.name(), subject.birthDate())
                                    .equals("MATCH");
                        case W4 -> started.listRegion("441900", "4419", 50).size() == 50;
                        case W1_LITERAL, W5, W6 ->
                            throw new IllegalArgumentException("direct JDBC does not serve " + workload);
                    };
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void close() {}
        });
    }

    @Override
    public List<ServerProcess> processes() {
        return List.of();
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        queries = null;
    }
}
