/** RESULTS.md and the latency plot of the side-by-side benchmark. */
@NullMarked
package org.govshare.loadtest.report;

import org.jspecify.annotations.NullMarked;
