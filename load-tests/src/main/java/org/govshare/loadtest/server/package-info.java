/** Servers under test started as their own processes: pinning, readiness, CPU time and memory from /proc. */
@NullMarked
package org.govshare.loadtest.server;

import org.jspecify.annotations.NullMarked;
