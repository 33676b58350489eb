/** Configuration of sources, catalog, plans and the demo default. */
@NullMarked
package org.govshare.gateway.config;

import org.jspecify.annotations.NullMarked;
