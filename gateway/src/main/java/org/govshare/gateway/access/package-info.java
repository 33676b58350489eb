/**
 * Purpose-bound access: the caller of each request, a schema per caller and purpose, and the decision on the whole
 * operation before any source is touched.
 */
@NullMarked
package org.govshare.gateway.access;

import org.jspecify.annotations.NullMarked;
