package org.govshare.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of an API request ({@code govshare.web.maximum-body-size}): a declared length beyond it is refused
 * before anything is read ({@code 413} with the contract's {@code QUERY_TOO_COMPLEX}), and a body sent without a
 * length stops being read at the bound. A document is bounded further by the parser's limits.
 */
public final class RequestSizeLimit extends OncePerRequestFilter {
    private static final byte[] TOO_LARGE = ("{\"errors\":[{\"message\":\"The request body is too large\","
                    + "\"extensions\":{\"code\":\"QUERY_TOO_COMPLEX\"}}]}")
            .getBytes(StandardCharsets.UTF_8);

    private final long maximumBytes;

    public RequestSizeLimit(long maximumBytes) {
        this.maximumBytes = maximumBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maximumBytes) {
            // 413 closes the connection: Tomcat does not read the body of this request.
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/json");
            response.getOutputStream().write(TOO_LARGE);
            return;
        }
        chain.doFilter(new Bounded(request, maximumBytes), response);
    }

    /** A request whose body stream ends with an error at the bound. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long maximumBytes;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long maximumBytes) {
            super(request);
            this.maximumBytes = maximumBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int next = delegate.read();
                        if (next >= 0) {
                            count(1);
                        }
                        return next;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int count = delegate.read(buffer, offset, length);
                        if (count > 0) {
                            count(count);
                        }
                        return count;
                    }

                    private void count(long bytes) throws IOException {
                        read += bytes;
                        if (read > maximumBytes) {
                            throw new IOException("request body beyond " + maximumBytes + " bytes");
                        }
                    }

                    @Override
                    public int available() throws IOException {
                        return delegate.available();
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
