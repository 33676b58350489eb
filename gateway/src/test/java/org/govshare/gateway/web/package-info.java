/** GraphQL over HTTP as clients and the graphql-http audit expect it. */
@NullMarked
package org.govshare.gateway.web;

import org.jspecify.annotations.NullMarked;
