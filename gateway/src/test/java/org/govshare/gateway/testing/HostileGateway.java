package org.govshare.gateway.testing;

import java.util.List;

/**
 * The gateway the hostile-input suite attacks: the executable jar in a process of its own (so that its threads,
 * sockets and heap are its own, and can be measured), with the control plane and audit trail on PostgreSQL as
 * deployed, started once for every test class of the suite and stopped when the test JVM ends. Its document cache
 * budget is 16 MiB and a request body must arrive within 5 s, so the bounds show within a short test.
 */
public final class HostileGateway {
    /** The control plane's database: the audit trail the tests read. */
    public static final String DATABASE = RealServers.database("hostile");

    public static final long DOCUMENT_CACHE_BYTES = 16L * 1024 * 1024;
    public static final int BODY_DEADLINE_SECONDS = 5;

    private static GatewayProcess gateway;

    private HostileGateway() {}

    /** The shared gateway, started on first use. */
    public static synchronized GatewayProcess shared() {
        if (gateway == null) {
            RealServers.recreatePostgresDatabase(DATABASE);
            GatewayProcess started = GatewayProcess.start(
                    "hostile",
                    List.of(
                            "--spring.profiles.active=demo",
                            "--govshare.demo.residents=1000",
                            "--spring.datasource.url=" + RealServers.POSTGRES + DATABASE,
                            "--spring.datasource.username=postgres",
                            "--govshare.audit.key=" + RealServers.AUDIT_KEY,
                            "--govshare.document-cache-bytes=" + DOCUMENT_CACHE_BYTES,
                            "--govshare.web.body-deadline=PT" + BODY_DEADLINE_SECONDS + "S"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "hostile-gateway-stop"));
            gateway = started;
        }
        return gateway;
    }
}
