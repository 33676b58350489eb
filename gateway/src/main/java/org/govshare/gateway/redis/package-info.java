/**
 * The one Redis connection every instance shares ({@link org.govshare.gateway.redis.SharedRedis}) and the
 * announcements sent over it to the other instances ({@link org.govshare.gateway.redis.Announcements}). A leaf: the
 * quotas, policy changes and catalog reloads use it; it uses none of them.
 */
@NullMarked
package org.govshare.gateway.redis;

import org.jspecify.annotations.NullMarked;
