/**
 * The hostile-input suite (issue 18): one test class per class of attack on availability, each driven through HTTP
 * against the built gateway ({@link org.govshare.gateway.testing.HostileGateway}), checking that the attack is refused,
 * recorded, and that the other callers keep being answered meanwhile.
 */
@NullMarked
package org.govshare.gateway.hostile;

import org.jspecify.annotations.NullMarked;
