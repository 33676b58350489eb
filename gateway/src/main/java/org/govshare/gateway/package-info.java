/** The govshare gateway application. */
@NullMarked
package org.govshare.gateway;

import org.jspecify.annotations.NullMarked;
