package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.govshare.policy.workflow.Actor;
import org.springframework.security.core.GrantedAuthority;

/**
 * The roles a caller's token gives it, read from the token's scopes in this one place: the authority (scope
 * {@code gateway.admin}) and the sources it is steward of (scopes {@code steward:<source>}).
 */
public record Roles(boolean authority, Set<String> stewardOf) {
    /** Spring Security's prefix of an OAuth2 scope among a token's authorities. */
    private static final String SCOPE = "SCOPE_";

    private static final String AUTHORITY_SCOPE = "gateway.admin";
    private static final String STEWARD_SCOPE = "steward:";

    /** A consumer's: no role on the admin API. */
    public static final Roles NONE = new Roles(false, Set.of());

    public Roles {
        requireNonNull(stewardOf, "stewardOf is null");
        stewardOf = Set.copyOf(stewardOf);
    }

    /** The roles of the scopes among a token's authorities; other authorities give none. */
    public static Roles of(Collection<? extends GrantedAuthority> authorities) {
        boolean authority = false;
        Set<String> sources = new TreeSet<>();
        for (GrantedAuthority granted : authorities) {
            String name = granted.getAuthority();
            if (name == null || !name.startsWith(SCOPE)) {
                continue;
            }
            String scope = name.substring(SCOPE.length());
            if (scope.equals(AUTHORITY_SCOPE)) {
                authority = true;
            } else if (scope.startsWith(STEWARD_SCOPE) && scope.length() > STEWARD_SCOPE.length()) {
                sources.add(scope.substring(STEWARD_SCOPE.length()));
            }
        }
        return authority || !sources.isEmpty() ? new Roles(authority, sources) : NONE;
    }

    /** The roles held, as the admin API's declarations name them. */
    public Set<Role> held() {
        Set<Role> held = EnumSet.noneOf(Role.class);
        if (authority) {
            held.add(Role.AUTHORITY);
        }
        if (!stewardOf.isEmpty()) {
            held.add(Role.STEWARD);
        }
        return held;
    }

    /** Whether the caller holds any role on the admin API. */
    public boolean any() {
        return authority || !stewardOf.isEmpty();
    }

    /** The caller as the share-request and correction workflows see it. */
    public Actor actor(String id) {
        return new Actor(id, authority, stewardOf);
    }
}
