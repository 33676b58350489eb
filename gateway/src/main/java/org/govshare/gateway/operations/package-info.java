/** Operability: health of sources and stores, metrics, traces and the correlation ids of errors. */
@NullMarked
package org.govshare.gateway.operations;

import org.jspecify.annotations.NullMarked;
