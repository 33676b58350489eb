/**
 * Anti-bulk-copy quotas: request rates, distinct subjects per day and verification mismatches, counted in Redis so
 * that every gateway instance shares them, with each instance falling back to its share of the limit while Redis is
 * down. Whose quota ({@link org.govshare.gateway.quota.QuotaKey}) is decided apart from whether it allows a request
 * ({@link org.govshare.gateway.quota.QuotaStore}).
 */
@NullMarked
package org.govshare.gateway.quota;

import org.jspecify.annotations.NullMarked;
