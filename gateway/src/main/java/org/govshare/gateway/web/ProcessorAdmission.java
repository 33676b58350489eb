package org.govshare.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.govshare.connector.source.ProcessorSlots;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API request (GraphQL or admin) computes only while it holds one of the process's {@link ProcessorSlots}
 * ({@code govshare.web.processor-slots-per-core} for each core the JVM sees): under a burst the requests beyond them
 * wait here, before the operation is parsed, decided or run, and a request gives its slot up whenever it waits for a
 * source, for room or for its audit record. Health and metrics endpoints do not queue behind API load.
 */
public final class ProcessorAdmission extends OncePerRequestFilter {
    private final ProcessorSlots slots;

    public ProcessorAdmission(ProcessorSlots slots) {
        this.slots = slots;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    /** A request whose body came in late, or whose answer went asynchronous, continues there: it computes there too. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProcessorSlots.Hold hold = slots.enter();
        try {
            chain.doFilter(request, response);
        } finally {
            hold.close();
        }
    }
}
