package org.govshare.policy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.Quotas;
import org.govshare.schema.catalog.Comparison;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy versions on the control-plane schema (Flyway, embedded H2): changes, diff and rollback. */
class JdbcPolicyAdministrationTest {
    private static final FieldCoordinate NAME = FieldCoordinate.parse("Resident.name");
    private static final FieldCoordinate ADDRESS = FieldCoordinate.parse("Resident.address");
    private static final FieldCoordinate INCOME = FieldCoordinate.parse("IncomeRecord.annualIncome");

    private JdbcDataSource store;
    private JdbcPolicyAdministration administration;

    @BeforeEach
    void controlPlane() {
        store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:policy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/policy")
                .load()
                .migrate();
        administration = new JdbcPolicyAdministration(store, Clock.systemUTC());
    }

    private static Grant grant(String id, Map<FieldCoordinate, Access> fields, GrantStatus status) {
        return new Grant(
                id,
                "window",
                "PENSION",
                fields,
                List.of(),
                Map.of(),
                Quotas.NONE,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                status);
    }

    @Test
    void everyChangeIsAVersionWithAuthorReasonAndTheGrantBeforeAndAfter() throws Exception {
        Grant wide = grant("G1", Map.of(NAME, Access.READ, ADDRESS, Access.READ), GrantStatus.ACTIVE);
        Grant narrow = grant("G1", Map.of(NAME, Access.READ), GrantStatus.ACTIVE);

        PolicyVersion created = administration.apply(List.of(new JdbcPolicyAdministration.Put(wide)), "alice", "new");
        PolicyVersion narrowed =
                administration.apply(List.of(new JdbcPolicyAdministration.Put(narrow)), "bob", "minimise");

        assertThat(administration.versions())
                .extracting(PolicyVersion::version, PolicyVersion::author, PolicyVersion::reason)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple(narrowed.version(), "bob", "minimise"),
                        org.assertj.core.groups.Tuple.tuple(created.version(), "alice", "new"));
        assertThat(administration.diff(created.version(), narrowed.version()))
                .containsExactly(new GrantChange(narrowed.version(), "G1", wide, narrow));
        assertThat(administration.grant("G1")).contains(narrow);
        assertThat(new JdbcPolicyStore(store).load().version()).isEqualTo(narrowed.version());
    }

    @Test
    void rollbackRestoresTheGrantsOfAVersionAsANewVersion() throws Exception {
        Grant first = grant("G1", Map.of(NAME, Access.READ), GrantStatus.ACTIVE);
        PolicyVersion base = administration.apply(List.of(new JdbcPolicyAdministration.Put(first)), "a", "base");
        administration.apply(
                List.of(
                        new JdbcPolicyAdministration.Put(grant("G1", Map.of(NAME, Access.READ), GrantStatus.REVOKED)),
                        new JdbcPolicyAdministration.Put(
                                grant("G2", Map.of(ADDRESS, Access.VERIFY), GrantStatus.ACTIVE))),
                "a",
                "revoke and add");

        PolicyVersion rolledBack = administration.rollback(base.version(), "authority", "revoked by mistake");

        assertThat(rolledBack.version()).isGreaterThan(base.version() + 1);
        assertThat(rolledBack.reason()).contains("rollback to version " + base.version());
        assertThat(administration.grant("G1")).contains(first);
        assertThat(administration.grant("G2")).isEmpty();
        assertThat(administration.diff(base.version(), rolledBack.version())).isEmpty();
    }

    @Test
    void claimBindingsAndTheLookupQuotaAreStoredAndComeBackInTheChangeLog() throws Exception {
        Grant bound = new Grant(
                "G1",
                "window",
                "PENSION",
                Map.of(INCOME, Access.VERIFY),
                List.of(),
                Map.of(),
                new Quotas(0, 5, 0, 100, 12),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                GrantStatus.ACTIVE,
                List.of(new ClaimBinding(INCOME, Comparison.AT_MOST, "50000")));

        PolicyVersion version = administration.apply(List.of(new JdbcPolicyAdministration.Put(bound)), "a", "bind");

        assertThat(administration.grant("G1")).contains(bound);
        assertThat(new JdbcPolicyStore(store).load().grantsOf("window")).containsExactly(bound);
        assertThat(administration.diff(version.version() - 1, version.version()))
                .containsExactly(new GrantChange(version.version(), "G1", null, bound));
    }

    @Test
    void revokingOrNarrowingIsRecordedAsAWithdrawalWideningIsNot() throws Exception {
        Grant wide = grant("G1", Map.of(NAME, Access.READ, ADDRESS, Access.READ), GrantStatus.ACTIVE);
        Grant verifyOnly = grant("G1", Map.of(NAME, Access.READ, ADDRESS, Access.VERIFY), GrantStatus.ACTIVE);

        assertThat(JdbcPolicyAdministration.withdrawn(grant("G1", Map.of(NAME, Access.READ), GrantStatus.ACTIVE), wide))
                .isEmpty();
        assertThat(JdbcPolicyAdministration.withdrawn(wide, verifyOnly)).containsExactly(ADDRESS);
        assertThat(JdbcPolicyAdministration.withdrawn(wide, null)).containsExactly((FieldCoordinate) null);
        assertThat(JdbcPolicyAdministration.withdrawn(wide, grant("G1", wide.fields(), GrantStatus.SUSPENDED)))
                .containsExactly((FieldCoordinate) null);

        administration.apply(List.of(new JdbcPolicyAdministration.Put(wide)), "a", "create");
        try (var connection = store.getConnection()) {
            assertThat(administration.anythingWithdrawnFrom(connection, "window"))
                    .isFalse();
        }
        administration.apply(List.of(new JdbcPolicyAdministration.Put(verifyOnly)), "a", "narrow");
        try (var connection = store.getConnection()) {
            assertThat(administration.anythingWithdrawnFrom(connection, "window"))
                    .isTrue();
            assertThat(administration.anythingWithdrawnFrom(connection, "other"))
                    .isFalse();
        }
    }
}
