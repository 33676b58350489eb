package org.govshare.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.govshare.gateway.testing.GatewayProcess;
import org.govshare.gateway.testing.HostileGateway;
import org.govshare.gateway.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, class 4: clients that send their requests slowly. 220 sockets trickling request bodies (with a token or
 * without) took every worker thread, and nothing else was answered. Now headers are read without a worker, bodies
 * asynchronously within a deadline, and the body of a request refused for its token is never read: with 500 slow
 * sockets open (trickling headers, bodies with a token, bodies without one), another caller is still answered, the
 * requests without a token are refused at once and the trickled bodies are refused at their deadline.
 */
class SlowClientsIT {
    private static final int SLOW_HEADERS = 200;
    private static final int SLOW_BODIES = 150;
    private static final int SLOW_BODIES_WITHOUT_TOKEN = 150;
    private static final int BODY_LENGTH = 10_000;

    /** A socket sending one byte a second, and what it received. */
    private static final class Slow {
        final Socket socket;
        final OutputStream out;
        final StringBuilder received = new StringBuilder();
        final long opened = System.nanoTime();
        long answeredAfterMillis = -1;
        boolean closed;

        Slow(int port, String head) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(1);
            out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void trickle() {
            if (closed) {
                return;
            }
            try {
                out.write('a');
                out.flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        void read() {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                int count = in.read(buffer);
                if (count > 0) {
                    if (answeredAfterMillis < 0) {
                        answeredAfterMillis = (System.nanoTime() - opened) / 1_000_000;
                    }
                    received.append(new String(buffer, 0, count, StandardCharsets.ISO_8859_1));
                } else if (count < 0) {
                    closed = true;
                }
            } catch (SocketTimeoutException e) {
                // Nothing yet.
            } catch (IOException e) {
                closed = true;
            }
        }

        String status() {
            int end = received.indexOf("\r\n");
            return end < 0 ? "" : received.substring(0, end);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closed already.
            }
        }
    }

    @Test
    void fiveHundredSlowSocketsDoNotStarveTheOtherCallers() throws Exception {
        GatewayProcess gateway = HostileGateway.shared();
        int port = gateway.port();
        String token = TestTokens.fromIssuer(port, "dongguan-window");
        String body = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Purpose: PENSION_EXTENSION\r\nContent-Length: " + BODY_LENGTH + "\r\n";
        List<Slow> headers = new ArrayList<>();
        List<Slow> bodies = new ArrayList<>();
        List<Slow> bodiesWithoutToken = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        String figures;
        try {
            for (int i = 0; i < SLOW_HEADERS; i++) {
                headers.add(new Slow(port, "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            }
            for (int i = 0; i < SLOW_BODIES; i++) {
                bodies.add(new Slow(port, body + "Authorization: Bearer " + token + "\r\n\r\n{"));
            }
            for (int i = 0; i < SLOW_BODIES_WITHOUT_TOKEN; i++) {
                bodiesWithoutToken.add(new Slow(port, body + "\r\n{"));
            }
            List<Slow> all = new ArrayList<>(headers);
            all.addAll(bodies);
            all.addAll(bodiesWithoutToken);
            trickle.scheduleWithFixedDelay(
                    () -> all.forEach(slow -> {
                        slow.trickle();
                        slow.read();
                    }),
                    0,
                    1,
                    TimeUnit.SECONDS);

            try (LoadBeside other = LoadBeside.start(port, token, 4)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(2L * HostileGateway.BODY_DEADLINE_SECONDS + 5));
                figures = other.figures();
                System.out.printf(
                        "slow clients: %d sockets open (%d trickling headers, %d bodies with a token, %d without);"
                                + " another caller meanwhile: %s%n",
                        all.size(), SLOW_HEADERS, SLOW_BODIES, SLOW_BODIES_WITHOUT_TOKEN, figures);
                assertThat(other.answered()).as(figures).isGreaterThan(20);
                assertThat(other.successShare()).as(figures).isGreaterThanOrEqualTo(0.95);
                assertThat(other.percentile(0.95)).as(figures).isLessThan(3_000);
            }
            trickle.shutdown();
            assertThat(trickle.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            all.forEach(Slow::read);
        } finally {
            trickle.shutdownNow();
            headers.forEach(Slow::close);
            bodies.forEach(Slow::close);
            bodiesWithoutToken.forEach(Slow::close);
        }

        // Without a token: refused at once, the body never read (the connection is closed after the answer).
        assertThat(bodiesWithoutToken)
                .allSatisfy(slow -> assertThat(slow.status()).isEqualTo("HTTP/1.1 401 "));
        long slowestRefusal = bodiesWithoutToken.stream()
                .mapToLong(slow -> slow.answeredAfterMillis)
                .max()
                .orElse(0);
        assertThat(slowestRefusal).isLessThan(TimeUnit.SECONDS.toMillis(HostileGateway.BODY_DEADLINE_SECONDS));
        // With a token: the body did not arrive within the deadline.
        assertThat(bodies).allSatisfy(slow -> {
            assertThat(slow.status()).isEqualTo("HTTP/1.1 408 ");
            assertThat(slow.answeredAfterMillis)
                    .isBetween(
                            TimeUnit.SECONDS.toMillis(HostileGateway.BODY_DEADLINE_SECONDS) - 1_000,
                            TimeUnit.SECONDS.toMillis(HostileGateway.BODY_DEADLINE_SECONDS) + 8_000);
        });
    }
}
