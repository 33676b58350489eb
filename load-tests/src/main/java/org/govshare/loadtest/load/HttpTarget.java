package org.govshare.loadtest.load;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 endpoint driven over keep-alive connections with requests prepared as bytes, so that the generator
 * spends little CPU per request: no client library sits between the measurement and the socket.
 */
public final class HttpTarget implements LoadTarget {
    private static final int TIMEOUT_MILLIS = 30_000;
    /** The first GraphQL error code of a body ({@code errors[].extensions.code}), for tallying failures. */
    private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    private final InetSocketAddress address;
    private final List<byte[]> requests;
    private final Predicate<String> expected;

    /**
     * @param requests prepared requests, sent in turn
     * @param expected true for the body of a correct answer (the status must be 200 as well)
     */
    public HttpTarget(InetSocketAddress address, List<byte[]> requests, Predicate<String> expected) {
        this.address = requireNonNull(address, "address is null");
        this.requests = List.copyOf(requests);
        this.expected = requireNonNull(expected, "expected is null");
        if (this.requests.isEmpty()) {
            throw new IllegalArgumentException("requests is empty");
        }
    }

    /** A POST of {@code body} (JSON) to {@code path} with {@code headers}, as the bytes sent on the wire. */
    public static byte[] post(InetSocketAddress address, String path, Map<String, String> headers, String body) {
        return request("POST", address, path, headers, "application/json", body);
    }

    /** A GET of {@code path} with {@code headers}, as the bytes sent on the wire. */
    public static byte[] get(InetSocketAddress address, String path, Map<String, String> headers) {
        return request("GET", address, path, headers, "", "");
    }

    /**
     * Any request, as the bytes sent on the wire; {@code contentType} is ignored when {@code body} is empty. It accepts
     * JSON unless {@code headers} name another {@code Accept} (metrics come as text).
     */
    public static byte[] request(
            String method,
            InetSocketAddress address,
            String path,
            Map<String, String> headers,
            String contentType,
            String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(address.getHostString())
                .append(':')
                .append(address.getPort())
                .append("\r\n");
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Accept"))) {
            head.append("Accept: application/json\r\n");
        }
        if (body.length > 0) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[start.length + body.length];
        System.arraycopy(start, 0, bytes, 0, start.length);
        System.arraycopy(body, 0, bytes, start.length, body.length);
        return bytes;
    }

    /** Sends one request on a new connection and returns the response body (start-up probes, tokens, explain). */
    public static Response exchange(InetSocketAddress address, byte[] request) throws IOException {
        try (Connection connection = new Connection(address)) {
            return connection.exchange(request);
        }
    }

    @Override
    public Session open() {
        return new Session() {
            private @Nullable Connection connection;
            private String failure = "unexpected answer";

            @Override
            public boolean send(long sequence) throws IOException {
                byte[] request = requests.get((int) (sequence % requests.size()));
                Response response;
                if (connection == null) {
                    connection = new Connection(address);
                    response = connection.exchange(request);
                } else {
                    try {
                        response = connection.exchange(request);
                    } catch (IOException e) {
                        // A kept-alive connection the server has closed meanwhile (idle timeout, request limit):
                        // like any HTTP client, send once more on a new one. The time it takes is measured.
                        connection.close();
                        connection = new Connection(address);
                        response = connection.exchange(request);
                    }
                }
                if (response.closing()) {
                    connection.close();
                    connection = null;
                }
                boolean correct = response.status() == 200 && expected.test(response.body());
                if (!correct) {
                    failure = failureOf(response);
                }
                return correct;
            }

            @Override
            public String failure() {
                return failure;
            }

            @Override
            public void close() {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        };
    }

    /** "HTTP 503 SOURCE_UNAVAILABLE", "HTTP 200 unexpected answer": the status and the first error code, if any. */
    static String failureOf(Response response) {
        Matcher code = ERROR_CODE.matcher(response.body());
        return "HTTP " + response.status() + " " + (code.find() ? code.group(1) : "unexpected answer");
    }

    /** A response's status and body, and whether the server closes the connection after it. */
    public record Response(int status, String body, boolean closing) {
        public Response {
            requireNonNull(body, "body is null");
        }
    }

    /** One keep-alive connection; reads Content-Length and chunked bodies. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream output;
        private final InputStream input;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(address, TIMEOUT_MILLIS);
            output = socket.getOutputStream();
            input = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Response exchange(byte[] request) throws IOException {
            output.write(request);
            output.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            int length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("transfer-encoding")
                        && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    closing = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(length, 256));
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) {
                    body.write(input.readNBytes(size));
                    line();
                }
                // Trailers, up to the empty line.
                while (!line().isEmpty()) {
                    // nothing to keep
                }
            } else if (length >= 0) {
                byte[] bytes = input.readNBytes(length);
                if (bytes.length < length) {
                    throw new IOException("connection closed in the body");
                }
                body.write(bytes);
            } else {
                throw new IOException("response without Content-Length or chunked encoding");
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8), closing);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int next = input.read(); next != '\n'; next = input.read()) {
                if (next < 0) {
                    throw new IOException("connection closed");
                }
                if (next != '\r') {
                    line.append((char) next);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
