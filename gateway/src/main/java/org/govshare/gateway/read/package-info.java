/** The read path: catalog-driven data fetchers that turn GraphQL selections into cached source plans. */
@NullMarked
package org.govshare.gateway.read;

import org.jspecify.annotations.NullMarked;
