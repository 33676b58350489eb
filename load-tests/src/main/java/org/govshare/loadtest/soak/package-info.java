/**
 * The soak run: the gateway as deployed, at a fixed share of its maximum rate for minutes, checked for errors, heap
 * growth, connection leaks and unaudited operations.
 */
@NullMarked
package org.govshare.loadtest.soak;

import org.jspecify.annotations.NullMarked;
