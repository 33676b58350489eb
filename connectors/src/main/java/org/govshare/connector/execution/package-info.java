/** Running compiled source queries on each source's own pool and threads, with timeouts. */
@NullMarked
package org.govshare.connector.execution;

import org.jspecify.annotations.NullMarked;
