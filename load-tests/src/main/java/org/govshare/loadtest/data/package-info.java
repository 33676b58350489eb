/** The benchmark's own databases: created, loaded once with the demo generator, and sampled for request values. */
@NullMarked
package org.govshare.loadtest.data;

import org.jspecify.annotations.NullMarked;
