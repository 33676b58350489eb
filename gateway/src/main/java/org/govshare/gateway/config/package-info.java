/**
 * The wiring: the Spring configurations that compose several concerns (catalog, audit, quotas, operations, the
 * gateway's own beans), the checks of the deployment's settings at start and their failure analyzers. Nothing else
 * imports this package ({@code ArchitectureTest}), so wiring never drags a concern into a cycle.
 */
@NullMarked
package org.govshare.gateway.config;

import org.jspecify.annotations.NullMarked;
