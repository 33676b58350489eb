package org.govshare.policy.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The share-request workflow on the control-plane schema (Flyway, embedded H2) and the demo catalog: which fields are
 * granted at once, the quotas every grant carries, and what a consumer whose grant was withdrawn may still get at
 * once (nothing); and who may report a correction about what.
 */
class ShareRequestsTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T02:00:00Z"), ZoneOffset.UTC);
    private static final FieldCoordinate LOOKUP = FieldCoordinate.parse("Query.resident");
    private static final FieldCoordinate VERIFY = FieldCoordinate.parse("Query.verifyResident");
    private static final FieldCoordinate REGION = FieldCoordinate.parse("Resident.regionCode");

    private JdbcDataSource store;
    private JdbcPolicyAdministration administration;
    private ShareRequests requests;

    @BeforeEach
    void controlPlane() {
        store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:workflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/policy")
                .load()
                .migrate();
        administration = new JdbcPolicyAdministration(store, CLOCK);
        requests = new ShareRequests(
                store,
                () -> CATALOG,
                administration,
                new WorkingCalendar(Set.of(), Set.of()),
                CLOCK,
                ZoneId.of("Asia/Shanghai"));
    }

    private ShareRequest apply(String consumer, FieldCoordinate... fields) throws Exception {
        return requests.submit(
                consumer,
                new ShareRequests.Application(
                        "CHECKS",
                        List.of(fields).stream()
                                .map(field -> new ShareRequests.RequestedField(
                                        field, field.type().equals("Query") ? Access.VERIFY : Access.READ))
                                .toList(),
                        "eligibility checks",
                        100,
                        30));
    }

    private static ItemStatus status(ShareRequest request, FieldCoordinate field) {
        return request.items().stream()
                .filter(item -> item.field().equals(field))
                .findFirst()
                .orElseThrow()
                .status();
    }

    @Test
    void lookupAndVerificationRootsAreExistenceOraclesAndGoToTheSteward() throws Exception {
        ShareRequest request = apply("no-grant-app", LOOKUP, VERIFY, REGION);

        assertThat(status(request, LOOKUP)).isEqualTo(ItemStatus.PENDING);
        assertThat(status(request, VERIFY)).isEqualTo(ItemStatus.PENDING);
        assertThat(request.items())
                .filteredOn(item -> item.field().type().equals("Query"))
                .extracting(ShareRequest.Item::source)
                .containsOnly("police");
        assertThat(status(request, REGION)).isEqualTo(ItemStatus.GRANTED);
        Grant grant = administration.grant(request.grantId()).orElseThrow();
        assertThat(grant.fields()).containsOnlyKeys(REGION);
    }

    @Test
    void everyGrantOfTheWorkflowCarriesTheDefaultQuotas() throws Exception {
        ShareRequest request = apply("applicant", REGION);

        Grant grant = administration.grant(request.grantId()).orElseThrow();

        assertThat(grant.quotas()).isEqualTo(Quotas.WORKFLOW_DEFAULT);
        assertThat(grant.quotas().requestsPerSecond()).isPositive();
        assertThat(grant.quotas().distinctSubjectsPerDay()).isPositive();
        assertThat(grant.quotas().lookupMissesPerDay()).isPositive();
    }

    @Test
    void aConsumerWhoseGrantWasRevokedGetsNothingMoreWithoutReview() throws Exception {
        ShareRequest first = apply("applicant", REGION);
        Grant granted = administration.grant(first.grantId()).orElseThrow();
        administration.apply(
                List.of(new JdbcPolicyAdministration.Put(revoked(granted))), "authority-admin", "complaint");

        ShareRequest again = apply("applicant", REGION);
        ShareRequest otherConsumer = apply("someone-else", REGION);

        assertThat(status(again, REGION)).isEqualTo(ItemStatus.PENDING);
        assertThat(again.history())
                .anySatisfy(event -> assertThat(event.reason()).contains("withdrawn"));
        assertThat(administration.grant(again.grantId())).isEmpty();
        assertThat(status(otherConsumer, REGION)).isEqualTo(ItemStatus.GRANTED);
    }

    @Test
    void correctionsAreReportedOnlyAboutFieldsTheReporterMayUse() throws Exception {
        Corrections corrections = new Corrections(store, () -> CATALOG, CLOCK);

        assertThatThrownBy(() -> corrections.report(
                        "applicant", Set.of(REGION), "Resident", "44190019620315048X", "address", "wrong street"))
                .isInstanceOf(WorkflowException.class)
                .satisfies(e -> assertThat(((WorkflowException) e).kind()).isEqualTo(WorkflowException.Kind.FORBIDDEN));
        assertThat(corrections.ofReporter("applicant")).isEmpty();
        assertThat(corrections
                        .report("applicant", Set.of(REGION), "Resident", "44190019620315048X", "regionCode", "moved")
                        .source())
                .isEqualTo("police");
    }

    private static Grant revoked(Grant grant) {
        return new Grant(
                grant.id(),
                grant.consumer(),
                grant.purpose(),
                grant.fields(),
                grant.rowFilters(),
                grant.masks(),
                grant.quotas(),
                grant.validFrom(),
                grant.validUntil(),
                GrantStatus.REVOKED,
                grant.claimBindings());
    }
}
