package org.govshare.loadtest.load;

import java.time.Instant;

/**
 * One of a run's slowest correct answers: when it was due (wall clock, to line it up with the server's logs and
 * recordings), how late the generator sent it (all its connections busy, or its own pause) and its latency from the
 * due time.
 */
public record SlowRequest(Instant due, long lateMicros, long latencyMicros) {}
