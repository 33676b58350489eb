package org.govshare.gateway.web;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A refusal made before a request's body was read, written so that the connection is closed after it and the rest
 * of the body is never read. Tomcat otherwise reads ("swallows") up to 2 MiB of an unread body before answering the
 * next request on the connection, with a worker thread waiting on every pause of a client that trickles it.
 */
public final class ClosingRefusal {
    /** A GraphQL-shaped error body: the contract's code and a message naming nothing of the caller's data. */
    public record Refusal(String code, String message) {
        public Refusal {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }

        byte[] body() {
            return ("{\"errors\":[{\"message\":\"" + escape(message) + "\",\"extensions\":{\"code\":\"" + escape(code)
                            + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private ClosingRefusal() {}

    /** Writes the refusal with {@code Connection: close}; the caller ends the request (or its asynchronous part). */
    public static void write(HttpServletResponse response, int status, Refusal refusal) throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(refusal.body());
    }

    /**
     * Ends a refused request that may still have a body coming, on its ordinary dispatch, so that Tomcat closes the
     * connection instead of reading the rest of the body: a request that ends asynchronously with {@code Connection:
     * close} is not drained. Call after the response is written (with {@code Connection: close}).
     */
    public static void endWithoutReadingTheBody(HttpServletRequest request) {
        if (request.getContentLengthLong() != 0 && request.isAsyncSupported() && !request.isAsyncStarted()) {
            request.startAsync().complete();
        }
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
