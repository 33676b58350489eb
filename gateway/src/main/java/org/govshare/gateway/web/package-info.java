/** HTTP-facing pieces other than the GraphQL endpoint itself (GraphiQL page). */
@NullMarked
package org.govshare.gateway.web;

import org.jspecify.annotations.NullMarked;
