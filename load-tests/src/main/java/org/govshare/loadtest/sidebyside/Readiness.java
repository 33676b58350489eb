package org.govshare.loadtest.sidebyside;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.govshare.loadtest.load.HttpTarget;
import org.govshare.loadtest.server.ServerProcess;

/** Waits for a started server to answer a request correctly, timing the first correct answer. */
final class Readiness {
    private static final Duration LIMIT = Duration.ofMinutes(4);

    private Readiness() {}

    /**
     * Sends {@code request} every 50 ms until an answer passes {@code correct}; fails when the process dies or the
     * limit passes (its log then says why).
     */
    static SystemUnderTest.StartUp await(
            ServerProcess server, InetSocketAddress address, byte[] request, Predicate<HttpTarget.Response> correct)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        HttpTarget.Response last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(server.name() + " stopped during start-up, see " + server.log());
            }
            long sent = System.nanoTime();
            try {
                HttpTarget.Response response = HttpTarget.exchange(address, request);
                long answered = System.nanoTime();
                if (correct.test(response)) {
                    if (!server.isAlive()) {
                        throw new IllegalStateException("another process answered on " + address + " while "
                                + server.name() + " stopped, see " + server.log());
                    }
                    return new SystemUnderTest.StartUp(server.since(answered), Duration.ofNanos(answered - sent));
                }
                last = response;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(server.name() + " gave no correct answer within " + LIMIT + " (last: " + last
                + "), see " + server.log());
    }

    /** Waits until {@code request} gets any HTTP answer at all (a port that listens). */
    static HttpTarget.Response awaitAnswer(ServerProcess server, InetSocketAddress address, byte[] request)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(server.name() + " stopped during start-up, see " + server.log());
            }
            try {
                return HttpTarget.exchange(address, request);
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(server.name() + " did not listen within " + LIMIT + ", see " + server.log());
    }
}
