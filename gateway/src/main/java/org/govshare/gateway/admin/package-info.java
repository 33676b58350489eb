/** The admin API at {@code /admin/graphql}: explain, and (in later issues) the share-request workflow. */
@NullMarked
package org.govshare.gateway.admin;

import org.jspecify.annotations.NullMarked;
