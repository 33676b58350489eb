/**
 * The gateway's bound settings ({@code govshare.*}): sources, catalog, audit, quotas, verification, workflow and
 * the demo. A leaf: it imports no other gateway package, so every concern can read its settings without a cycle.
 */
@NullMarked
package org.govshare.gateway.settings;

import org.jspecify.annotations.NullMarked;
