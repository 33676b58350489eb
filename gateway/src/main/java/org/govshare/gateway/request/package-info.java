/**
 * What the request's stages share without knowing each other: the one narrow interface through which the access
 * decision, the fetchers and the instrumentations write what the request did ({@link
 * org.govshare.gateway.request.RequestRecord}), the one through which administrative operations are put on the trail
 * ({@link org.govshare.gateway.request.AdministrativeRecorder}), both implemented by the audit package, and the policy
 * and instant the request is decided under ({@link org.govshare.gateway.request.RequestPolicy}). Near the bottom: it
 * imports only {@code subject}, so no stage needs to import the audit package.
 */
@NullMarked
package org.govshare.gateway.request;

import org.jspecify.annotations.NullMarked;
