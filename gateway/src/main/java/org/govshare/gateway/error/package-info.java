/** The contract's closed set of error codes and the one place that maps failures to them. */
@NullMarked
package org.govshare.gateway.error;

import org.jspecify.annotations.NullMarked;
