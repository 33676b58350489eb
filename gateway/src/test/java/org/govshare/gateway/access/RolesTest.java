package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.govshare.policy.workflow.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class RolesTest {
    private static Roles of(String... authorities) {
        return Roles.of(
                List.of(authorities).stream().map(SimpleGrantedAuthority::new).toList());
    }

    @Test
    void readsTheAuthorityAndTheStewardedSourcesFromScopes() {
        Roles roles = of("SCOPE_gateway.admin", "SCOPE_steward:hrss", "SCOPE_steward:police");

        assertThat(roles.authority()).isTrue();
        assertThat(roles.stewardOf()).containsExactlyInAnyOrder("hrss", "police");
        assertThat(roles.held()).containsExactlyInAnyOrder(Role.AUTHORITY, Role.STEWARD);
        assertThat(roles.actor("someone")).isEqualTo(new Actor("someone", true, Set.of("hrss", "police")));
    }

    @Test
    void givesNoRoleForAuthoritiesThatAreNotScopesOrNameNoSource() {
        Roles roles = of("gateway.admin", "ROLE_gateway.admin", "steward:hrss", "SCOPE_steward:", "SCOPE_openid");

        assertThat(roles).isEqualTo(Roles.NONE);
        assertThat(roles.any()).isFalse();
        assertThat(roles.held()).isEmpty();
    }

    @Test
    void aStewardIsNoAuthority() {
        Roles roles = of("SCOPE_steward:hrss");

        assertThat(roles.any()).isTrue();
        assertThat(roles.authority()).isFalse();
        assertThat(roles.held()).containsExactly(Role.STEWARD);
    }
}
