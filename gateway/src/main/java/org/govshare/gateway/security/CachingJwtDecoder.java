package org.govshare.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks a token once: a client sends the same token with every request until it expires, and verifying its RSA
 * signature costs more than the rest of a key lookup. The exact token text is the cache key, so only a token that
 * passed every check of the delegate is ever taken from the cache; expiry and not-before are checked again on every
 * use, against the same clock skew.
 */
final class CachingJwtDecoder implements JwtDecoder {
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final int MAXIMUM_TOKEN_LENGTH = 8 * 1024;

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, Clock clock, long maximumTokens) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumTokens)
                .expireAfterWrite(Duration.ofHours(1))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token.length() > MAXIMUM_TOKEN_LENGTH) {
            throw new BadJwtException("token too long");
        }
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            Instant now = clock.instant();
            boolean expired = cached.getExpiresAt() == null || !now.minus(SKEW).isBefore(cached.getExpiresAt());
            boolean early = cached.getNotBefore() != null && now.plus(SKEW).isBefore(cached.getNotBefore());
            if (!expired && !early) {
                return cached;
            }
            verified.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
