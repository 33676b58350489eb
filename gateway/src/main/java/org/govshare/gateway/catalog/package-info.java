/**
 * The live catalog: which catalog version serves, everything built from it (schemas, plans, wiring, per-caller
 * services, explain), reloads that validate a changed catalog first and swap it in atomically, their record in the
 * control plane, and how every instance picks a new version up.
 */
@NullMarked
package org.govshare.gateway.catalog;

import org.jspecify.annotations.NullMarked;
