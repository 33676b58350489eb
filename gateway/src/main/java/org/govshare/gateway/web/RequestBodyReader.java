package org.govshare.gateway.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of an authenticated API request before anything else does, without holding a worker thread while it
 * arrives: a body already received is read at once; otherwise the request goes asynchronous and the body is read as
 * its bytes come in (Servlet non-blocking input), then the request continues on a worker with the body in memory. A
 * body must arrive within {@code deadline} (HTTP 408) and fit {@code maximumBytes} (HTTP 413); the bodies being
 * received together hold at most {@code bufferBytes} (beyond it HTTP 503, try again). Either refusal closes the
 * connection without reading the rest. So a client trickling its body occupies a connection, never a worker: before,
 * 220 such clients took every worker thread and nothing else was answered.
 *
 * <p>Placed after authentication: the body of a request without a valid token is never read.
 */
public final class RequestBodyReader extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(RequestBodyReader.class);
    private static final String BODY = RequestBodyReader.class.getName() + ".body";
    private static final ClosingRefusal.Refusal TOO_LARGE =
            new ClosingRefusal.Refusal("QUERY_TOO_COMPLEX", "The request body is too large");
    private static final ClosingRefusal.Refusal BUSY = new ClosingRefusal.Refusal(
            "SOURCE_UNAVAILABLE", "The gateway is receiving too many request bodies; try again");

    private final long maximumBytes;
    private final Duration deadline;
    private final long bufferBytes;
    private final AtomicLong buffered = new AtomicLong();

    public RequestBodyReader(long maximumBytes, Duration deadline, long bufferBytes) {
        if (maximumBytes < 1 || deadline.isNegative() || deadline.isZero() || bufferBytes < maximumBytes) {
            throw new IllegalArgumentException("body limits out of range");
        }
        this.maximumBytes = maximumBytes;
        this.deadline = deadline;
        this.bufferBytes = bufferBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !ApiPaths.isApi(request);
    }

    /** The request continues on an asynchronous dispatch once its body is in: it is handed the body there. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BODY) instanceof byte[] body) {
            chain.doFilter(new ReadBody(request, body), response);
            return;
        }
        if (isAsyncDispatch(request)) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maximumBytes) {
            ClosingRefusal.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
            return;
        }
        // What has arrived with the headers (for a GraphQL request usually all of it) is read at once: a read of
        // bytes that are available never blocks.
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        byte[] chunk = new byte[8192];
        while (length != 0 && !in.isFinished() && in.available() > 0) {
            int count;
            try {
                count = in.read(chunk);
            } catch (IOException e) {
                ClosingRefusal.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
                return;
            }
            if (count < 0) {
                break;
            }
            received.write(chunk, 0, count);
            if (received.size() > maximumBytes) {
                ClosingRefusal.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
                return;
            }
        }
        if (length == 0 || in.isFinished() || (length > 0 && received.size() >= length)) {
            chain.doFilter(new ReadBody(request, received.toByteArray()), response);
            return;
        }
        new Reception(request, response, in, received).start();
    }

    /** One body being received asynchronously, ended exactly once: dispatched with its body, or refused. */
    private final class Reception implements ReadListener, AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body;
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean ended = new AtomicBoolean();
        private long reserved;
        private @Nullable AsyncContext async;

        Reception(
                HttpServletRequest request,
                HttpServletResponse response,
                ServletInputStream in,
                ByteArrayOutputStream received) {
            this.request = request;
            this.response = response;
            this.in = in;
            this.body = received;
        }

        void start() throws IOException {
            AsyncContext context = request.startAsync();
            async = context;
            context.setTimeout(deadline.toMillis());
            context.addListener(this);
            if (!reserve(body.size())) {
                refuse(HttpServletResponse.SC_SERVICE_UNAVAILABLE, BUSY);
                return;
            }
            in.setReadListener(this);
        }

        @Override
        public void onDataAvailable() {
            while (!ended.get() && in.isReady()) {
                int count;
                try {
                    count = in.read(chunk);
                } catch (IOException e) {
                    // Beyond the size limit (the stream ends with an error there) or the connection broke.
                    refuse(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
                    return;
                }
                if (count < 0) {
                    return;
                }
                if (body.size() + count > maximumBytes) {
                    refuse(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
                    return;
                }
                if (!reserve(count)) {
                    refuse(HttpServletResponse.SC_SERVICE_UNAVAILABLE, BUSY);
                    return;
                }
                body.write(chunk, 0, count);
            }
        }

        @Override
        public void onAllDataRead() {
            if (ended.compareAndSet(false, true)) {
                release();
                request.setAttribute(BODY, body.toByteArray());
                requireAsync().dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The client went away or the connection broke: nothing to answer.
            if (ended.compareAndSet(false, true)) {
                release();
                log.debug("a request body was not received: {}", failure.toString());
                requireAsync().complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            refuse(
                    HttpServletResponse.SC_REQUEST_TIMEOUT,
                    new ClosingRefusal.Refusal(
                            "INVALID_ARGUMENT",
                            "The request body did not arrive within " + deadline.toSeconds() + " s"));
        }

        @Override
        public void onError(AsyncEvent event) {
            Throwable failure = event.getThrowable();
            onError(failure == null ? new IOException("asynchronous error") : failure);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        private void refuse(int status, ClosingRefusal.Refusal refusal) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            release();
            try {
                ClosingRefusal.write(response, status, refusal);
            } catch (IOException e) {
                log.debug("a refusal could not be written: {}", e.toString());
            }
            requireAsync().complete();
        }

        /** Counts bytes against the budget of all bodies being received; false (nothing counted) beyond it. */
        private synchronized boolean reserve(long bytes) {
            if (buffered.addAndGet(bytes) > bufferBytes) {
                buffered.addAndGet(-bytes);
                return false;
            }
            reserved += bytes;
            return true;
        }

        private synchronized void release() {
            buffered.addAndGet(-reserved);
            reserved = 0;
        }

        private AsyncContext requireAsync() {
            AsyncContext context = async;
            if (context == null) {
                throw new IllegalStateException("the reception has not started");
            }
            return context;
        }
    }

    /** The request with its body, already read, served from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;
        private @Nullable ServletInputStream stream;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ServletInputStream current = stream;
            if (current == null) {
                current = new BodyStream(new ByteArrayInputStream(body));
                stream = current;
            }
            return current;
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            String encoding = getCharacterEncoding();
            try {
                if (encoding != null && Charset.isSupported(encoding)) {
                    charset = Charset.forName(encoding);
                }
            } catch (IllegalArgumentException e) {
                // A malformed charset name: the body is read as UTF-8, as GraphQL over HTTP requires.
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream bytes;

        BodyStream(ByteArrayInputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return bytes.available();
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body has been read already");
        }
    }
}
