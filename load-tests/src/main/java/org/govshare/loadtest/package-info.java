/** Benchmarks of the gateway against baselines measured in the same run. */
@NullMarked
package org.govshare.loadtest;

import org.jspecify.annotations.NullMarked;
