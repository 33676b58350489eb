package org.govshare.loadtest.sidebyside;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.govshare.loadtest.data.Subject;
import org.govshare.loadtest.server.ServerProcess;

/** A system under test made of server processes this benchmark starts; they are stopped on {@link #close()}. */
abstract class ServerSystem implements SystemUnderTest {
    protected final Options options;
    protected final List<Subject> subjects;
    private final List<ServerProcess> servers = new ArrayList<>();

    ServerSystem(Options options, List<Subject> subjects) {
        this.options = requireNonNull(options, "options is null");
        this.subjects = List.copyOf(subjects);
    }

    /**
     * A loopback port no one listens on now. Fixed ports would meet other work on a shared machine: a server already
     * listening there answers for the one that failed to start.
     */
    protected static InetSocketAddress freeAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Counts {@code server} as part of this system from now on. */
    protected ServerProcess track(ServerProcess server) {
        servers.add(server);
        return server;
    }

    @Override
    public List<ServerProcess> processes() {
        return List.copyOf(servers);
    }

    @Override
    public void close() {
        servers.forEach(ServerProcess::close);
        servers.clear();
    }
}
