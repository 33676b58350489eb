/** Test support shared by the gateway's tests: an HTTP GraphQL client, a statement log, real-server set-up. */
@NullMarked
package org.govshare.gateway.testing;

import org.jspecify.annotations.NullMarked;
