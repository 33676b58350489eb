/** The bare Spring MVC endpoint: our stack's floor, the same SQL as the gateway without GraphQL or access control. */
@NullMarked
package org.govshare.loadtest.bare;

import org.jspecify.annotations.NullMarked;
