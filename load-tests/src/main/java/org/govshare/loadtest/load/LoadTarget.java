package org.govshare.loadtest.load;

import java.io.IOException;

/**
 * What the load generator drives: a system under one workload. Each generator thread opens its own
 * {@link Session} (an HTTP connection, or a JDBC caller), so sessions need not be thread-safe.
 */
public interface LoadTarget {
    /** Opens a session; the generator opens a new one after a session fails. */
    Session open() throws IOException;

    /** One thread's channel to the target. */
    interface Session extends AutoCloseable {
        /**
         * Sends request number {@code sequence} (targets cycle through their prepared requests) and waits for the
         * whole response; true when it is the expected one.
         */
        boolean send(long sequence) throws IOException;

        /**
         * What was wrong with the last answer {@link #send} did not take as the expected one, as a short label for
         * tallying (an error code, an HTTP status); called only right after such a send.
         */
        default String failure() {
            return "unexpected answer";
        }

        @Override
        void close();
    }
}
