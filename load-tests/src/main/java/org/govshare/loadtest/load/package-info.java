/** A load generator safe from coordinated omission: fixed arrival rates and closed loops over pluggable targets. */
@NullMarked
package org.govshare.loadtest.load;

import org.jspecify.annotations.NullMarked;
