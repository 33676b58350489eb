package org.govshare.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotasTest {
    @Test
    void strictestTakesTheSmallestLimitThatIsSetOfEachKind() {
        Quotas strictest =
                Quotas.strictest(List.of(new Quotas(100, 0, 2000, 100), new Quotas(0, 5, 3000, 50), Quotas.NONE));

        assertThat(strictest).isEqualTo(new Quotas(100, 5, 2000, 50));
        assertThat(Quotas.strictest(List.of())).isEqualTo(Quotas.NONE);
        assertThat(Quotas.strictest(List.of(new Quotas(0, 0, 0, 100, 30), new Quotas(0, 0, 0, 100, 20)))
                        .lookupMissesPerDay())
                .isEqualTo(20);
    }

    @Test
    void defaultsFillEveryLimitLeftUnset() {
        Quotas own = new Quotas(50, 0, 0, 20, 0);

        assertThat(own.orDefaults(Quotas.WORKFLOW_DEFAULT)).isEqualTo(new Quotas(50, 5, 1_000, 20, 20));
        assertThat(Quotas.NONE.orDefaults(Quotas.WORKFLOW_DEFAULT)).isEqualTo(Quotas.WORKFLOW_DEFAULT);
    }
}
