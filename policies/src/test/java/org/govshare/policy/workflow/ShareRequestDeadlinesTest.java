package org.govshare.policy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statutory deadlines by the workflow's clock: a field for the steward is due within 10 working days of the day it was
 * received (weekends and public holidays do not count), an unconditional one within 1; a pending field becomes overdue
 * when the clock reaches the day after its due date in the workflow's zone, and only then shows in the steward's
 * overdue inbox.
 */
class ShareRequestDeadlinesTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Friday 5 June 2026, 10:00 in Shanghai. */
    private static final Instant SUBMITTED = Instant.parse("2026-06-05T02:00:00Z");
    /** Monday and Tuesday after: public holidays here. */
    private static final Set<LocalDate> HOLIDAYS = Set.of(LocalDate.parse("2026-06-08"), LocalDate.parse("2026-06-09"));

    private static final FieldCoordinate LOOKUP = FieldCoordinate.parse("Query.resident");
    private static final FieldCoordinate REGION = FieldCoordinate.parse("Resident.regionCode");
    private static final Actor POLICE_STEWARD = new Actor("police-steward", false, Set.of("police"));

    private final AtomicReference<Instant> now = new AtomicReference<>(SUBMITTED);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private ShareRequests requests;

    @BeforeEach
    void controlPlane() {
        JdbcDataSource store = new JdbcDataSource();
        store.setURL("jdbc:h2:mem:deadlines-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(store)
                .locations("classpath:db/migration/policy")
                .load()
                .migrate();
        requests = new ShareRequests(
                store,
                () -> CATALOG,
                new JdbcPolicyAdministration(store, clock),
                new WorkingCalendar(HOLIDAYS, Set.of()),
                clock,
                SHANGHAI);
    }

    private ShareRequest.Item item(long id, FieldCoordinate field) throws Exception {
        return requests.find(id).orElseThrow().items().stream()
                .filter(item -> item.field().equals(field))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPendingFieldIsDueInTenWorkingDaysAndOverdueTheDayAfter() throws Exception {
        long id = requests.submit(
                        "applicant",
                        new ShareRequests.Application(
                                "CHECKS",
                                List.of(
                                        new ShareRequests.RequestedField(LOOKUP, Access.READ),
                                        new ShareRequests.RequestedField(REGION, Access.READ)),
                                "eligibility checks",
                                100,
                                30))
                .id();

        ShareRequest.Item lookup = item(id, LOOKUP);
        assertThat(lookup.status()).isEqualTo(ItemStatus.PENDING);
        // Received Friday; Monday and Tuesday are holidays, weekends do not count: ten working days end on Tuesday the
        // 23rd.
        assertThat(lookup.due()).isEqualTo(LocalDate.parse("2026-06-23"));
        assertThat(item(id, REGION).status()).isEqualTo(ItemStatus.GRANTED);
        assertThat(item(id, REGION).due()).isEqualTo(LocalDate.parse("2026-06-10"));

        // 23:59 on the due date in Shanghai: still in time.
        now.set(LocalDate.parse("2026-06-23").atTime(23, 59).atZone(SHANGHAI).toInstant());
        assertThat(item(id, LOOKUP).overdue()).isFalse();
        assertThat(requests.inbox(POLICE_STEWARD, List.of(), true)).isEmpty();

        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(item(id, LOOKUP).overdue()).isTrue();
        assertThat(requests.inbox(POLICE_STEWARD, List.of(), true))
                .singleElement()
                .extracting(ShareRequest::id)
                .isEqualTo(id);
        // A granted field is never overdue.
        assertThat(item(id, REGION).overdue()).isFalse();
    }
}
