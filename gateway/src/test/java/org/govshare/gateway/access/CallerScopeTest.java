package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.junit.jupiter.api.Test;

/** Purposes the consumer holds no grant for are one scope, whatever their names: inventing them adds no entries. */
class CallerScopeTest {
    private static final PolicySnapshot POLICY = new PolicySnapshot(
            7,
            List.of(new Grant(
                    "G-1",
                    "dongguan-window",
                    "PENSION_EXTENSION",
                    Map.of(new FieldCoordinate("Query", "resident"), Access.READ),
                    List.of(),
                    Map.of(),
                    Quotas.NONE,
                    Instant.parse("2025-01-01T00:00:00Z"),
                    Instant.parse("2099-01-01T00:00:00Z"),
                    GrantStatus.ACTIVE)));

    private static CallerScope scope(String consumer, String purpose) {
        return CallerScope.of(new Caller(consumer, Roles.NONE, purpose, null, null, null), POLICY);
    }

    @Test
    void purposesWithoutAGrantAreOneScope() {
        assertThat(scope("dongguan-window", "INVENTED_1")).isEqualTo(scope("dongguan-window", "INVENTED_2"));
        assertThat(scope("no-grant-app", "A")).isEqualTo(scope("no-grant-app", "B"));
        assertThat(scope("dongguan-window", "INVENTED_1").grantedPurpose()).isNull();
    }

    @Test
    void aGrantedPurposeAndNoPurposeAreScopesOfTheirOwn() {
        CallerScope granted = scope("dongguan-window", "PENSION_EXTENSION");
        CallerScope undeclared =
                CallerScope.of(new Caller("dongguan-window", Roles.NONE, null, null, null, null), POLICY);

        assertThat(granted.grantedPurpose()).isEqualTo("PENSION_EXTENSION");
        assertThat(granted).isNotEqualTo(scope("dongguan-window", "INVENTED_1"));
        assertThat(undeclared).isNotEqualTo(scope("dongguan-window", "INVENTED_1"));
        assertThat(granted).isNotEqualTo(scope("bank-kyc", "PENSION_EXTENSION"));
    }
}
