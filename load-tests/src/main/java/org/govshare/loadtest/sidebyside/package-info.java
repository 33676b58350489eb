/** The side-by-side benchmark: govshare, its baselines and its peers under the same workloads in one run. */
@NullMarked
package org.govshare.loadtest.sidebyside;

import org.jspecify.annotations.NullMarked;
