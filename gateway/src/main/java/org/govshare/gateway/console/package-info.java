/**
 * The web console at {@code /console}: static pages that sign the user in (authorization code with PKCE) and then
 * work through the admin API alone, with the user's own token.
 */
@NullMarked
package org.govshare.gateway.console;

import org.jspecify.annotations.NullMarked;
