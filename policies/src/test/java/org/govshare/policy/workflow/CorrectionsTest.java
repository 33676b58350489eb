package org.govshare.policy.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Corrections (校核纠错) on the control-plane schema: a consumer reports a suspected error about a field it may use, on
 * a record named by a valid key; the report goes to the steward of the field's source, who alone resolves it, once,
 * with a note; the authority sees every report.
 */
class CorrectionsTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final Instant REPORTED = Instant.parse("2026-06-01T02:00:00Z");
    private static final Instant RESOLVED = Instant.parse("2026-06-03T09:30:00Z");
    private static final Set<FieldCoordinate> WINDOW = Set.of(
            FieldCoordinate.parse("Resident.address"), FieldCoordinate.parse("PensionAccount.contributionMonths"));
    private static final String R1 = "44190019620315048X";
    private static final Actor POLICE_STEWARD = new Actor("police-steward", false, Set.of("police"));
    private static final Actor HRSS_STEWARD = new Actor("hrss-steward", false, Set.of("hrss"));
    private static final Actor AUTHORITY = new Actor("authority-admin", true, Set.of());

    private Corrections reported;
    private Corrections later;

    @BeforeEach
    void controlPlane() {
        JdbcDataSource store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:corrections-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/policy")
                .load()
                .migrate();
        reported = new Corrections(store, () -> CATALOG, Clock.fixed(REPORTED, ZoneOffset.UTC));
        later = new Corrections(store, () -> CATALOG, Clock.fixed(RESOLVED, ZoneOffset.UTC));
    }

    private static void assertRefused(ThrowingCallable call, WorkflowException.Kind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WorkflowException.class, refused -> assertThat(refused.kind())
                .isEqualTo(kind));
    }

    @Test
    void aReportNamesTheRecordByItsNormalisedKeyAndGoesToTheFieldsSource() throws Exception {
        Corrections.Correction correction =
                reported.report("window", WINDOW, "Resident", " 44190019620315048x ", "address", "wrong street");

        assertThat(correction.key()).isEqualTo(R1);
        assertThat(correction.source()).isEqualTo("police");
        assertThat(correction.status()).isEqualTo(Corrections.Status.OPEN);
        assertThat(correction.reportedAt()).isEqualTo(REPORTED);
        assertThat(correction.resolvedAt()).isNull();
        assertThat(reported.ofReporter("window")).containsExactly(correction);
        assertThat(reported.ofReporter("someone-else")).isEmpty();
    }

    @Test
    void aReportThatNamesNoRecordOrSaysNothingIsRefused() {
        assertRefused(
                () -> reported.report("window", WINDOW, "Resident", "441900196203150481", "address", "wrong"),
                WorkflowException.Kind.INVALID);
        assertRefused(
                () -> reported.report("window", WINDOW, "Spaceship", R1, "address", "wrong"),
                WorkflowException.Kind.INVALID);
        assertRefused(
                () -> reported.report("window", WINDOW, "Resident", R1, "shoeSize", "wrong"),
                WorkflowException.Kind.INVALID);
        assertRefused(
                () -> reported.report("window", WINDOW, "Resident", R1, "address", " "),
                WorkflowException.Kind.INVALID);
        assertRefused(
                () -> reported.report("window", WINDOW, "Resident", R1, "address", "x".repeat(4001)),
                WorkflowException.Kind.INVALID);
        Set<FieldCoordinate> income = Set.of(FieldCoordinate.parse("IncomeRecord.annualIncome"));
        assertRefused(
                () -> reported.report("window", income, "IncomeRecord", R1, "annualIncome", "too high"),
                WorkflowException.Kind.INVALID);
    }

    @Test
    void onlyTheSourcesStewardResolvesAndOnlyOnce() throws Exception {
        long id = reported.report("window", WINDOW, "Resident", R1, "address", "wrong street")
                .id();

        assertRefused(() -> later.resolve(id, HRSS_STEWARD, true, "fixed"), WorkflowException.Kind.FORBIDDEN);
        assertRefused(
                () -> later.resolve(id, Actor.consumer("window"), true, "fixed"), WorkflowException.Kind.FORBIDDEN);
        assertRefused(() -> later.resolve(id, POLICE_STEWARD, false, " "), WorkflowException.Kind.INVALID);
        assertThat(later.find(id).orElseThrow().status()).isEqualTo(Corrections.Status.OPEN);

        Corrections.Correction resolved = later.resolve(id, POLICE_STEWARD, true, "address corrected at the source");

        assertThat(resolved.status()).isEqualTo(Corrections.Status.ACCEPTED);
        assertThat(resolved.resolvedAt()).isEqualTo(RESOLVED);
        assertThat(resolved.resolvedBy()).isEqualTo("police-steward");
        assertThat(resolved.resolution()).isEqualTo("address corrected at the source");
        assertRefused(
                () -> later.resolve(id, POLICE_STEWARD, false, "changed my mind"), WorkflowException.Kind.INVALID);
        assertRefused(() -> later.resolve(id + 1, POLICE_STEWARD, true, "fixed"), WorkflowException.Kind.NOT_FOUND);
    }

    @Test
    void aStewardSeesReportsAboutItsSourcesAndTheAuthoritySeesAll() throws Exception {
        Corrections.Correction address = reported.report("window", WINDOW, "Resident", R1, "address", "wrong street");
        Corrections.Correction months =
                reported.report("window", WINDOW, "PensionAccount", R1, "contributionMonths", "missing a year");

        assertThat(reported.inbox(POLICE_STEWARD)).containsExactly(address);
        assertThat(reported.inbox(HRSS_STEWARD)).containsExactly(months);
        assertThat(reported.inbox(AUTHORITY)).containsExactly(months, address);
        assertThat(reported.inbox(Actor.consumer("window"))).isEmpty();
    }
}
