/** Identity: JWT resource server for every API call, the demo token issuer, and the caller of each request. */
@NullMarked
package org.govshare.gateway.security;

import org.jspecify.annotations.NullMarked;
