/**
 * What the request's stages share without knowing each other: the one narrow interface through which the access
 * decision, the fetchers and the instrumentations write what the request did ({@link
 * org.govshare.gateway.request.RequestRecord}), and the one through which administrative operations are put on the
 * trail ({@link org.govshare.gateway.request.AdministrativeRecorder}). A leaf: the audit package implements both,
 * everyone else writes through them, so no stage imports the audit package.
 */
@NullMarked
package org.govshare.gateway.request;

import org.jspecify.annotations.NullMarked;
