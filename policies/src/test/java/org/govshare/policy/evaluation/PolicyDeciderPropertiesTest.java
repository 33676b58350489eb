package org.govshare.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.GrantStatus;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.PolicySnapshot;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Comparison;
import org.junit.jupiter.api.Test;

/**
 * Properties of the decision over generated policies and operations: every case is a seed, so a failure names the
 * seed that reproduces it. The policies mix active grants with expired, not yet valid, suspended and revoked ones, of
 * the caller for its purpose, for other purposes and of other consumers; the operations read and claim about granted
 * and ungranted fields.
 *
 * <p>Generated here rather than with jqwik: jqwik 1.x runs on JUnit Platform 1 (this build runs JUnit 6), and its
 * maintainers ask that it not be used by coding agents.
 */
class PolicyDeciderPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String CONSUMER = "window";
    private static final String PURPOSE = "PENSION";
    private static final List<FieldCoordinate> FIELDS = Stream.of(
                    "Resident.idNumber",
                    "Resident.name",
                    "Resident.address",
                    "Resident.regionCode",
                    "PensionAccount.retired",
                    "IncomeRecord.annualIncome")
            .map(FieldCoordinate::parse)
            .toList();
    private static final List<RowFilter> FILTERS = List.of(
            new RowFilter(FieldCoordinate.parse("Resident.regionCode"), RowFilter.Operator.STARTS_WITH, "4419"),
            new RowFilter(FieldCoordinate.parse("Resident.regionCode"), RowFilter.Operator.EQUALS, "441900"),
            new RowFilter(FieldCoordinate.parse("PensionAccount.regionCode"), RowFilter.Operator.STARTS_WITH, "44"));

    private static final int CASES = 2_000;

    private static void forEachSeed(java.util.function.LongConsumer property) {
        LongStream.range(0, CASES).forEach(property);
    }

    /** One generated case: the policy, the operation, and the active grants of the caller for its purpose. */
    private record Case(PolicySnapshot policy, List<Grant> grants, List<Grant> active, List<FieldUse> uses) {}

    private static Case generate(long seed) {
        Random random = new Random(seed);
        List<Grant> grants = new ArrayList<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            grants.add(grant(random, "G" + i));
        }
        List<FieldUse> uses = new ArrayList<>();
        int used = 1 + random.nextInt(4);
        for (int i = 0; i < used; i++) {
            FieldCoordinate field = FIELDS.get(random.nextInt(FIELDS.size()));
            uses.add(
                    random.nextBoolean()
                            ? new FieldUse(field, Access.READ, List.of("resident", field.field()))
                            : FieldUse.claim(
                                    field,
                                    List.of("verifyResident"),
                                    field.field(),
                                    Comparison.values()[random.nextInt(Comparison.values().length)]));
        }
        List<Grant> active = grants.stream()
                .filter(grant -> grant.consumer().equals(CONSUMER)
                        && grant.purpose().equals(PURPOSE)
                        && grant.status() == GrantStatus.ACTIVE
                        && !grant.validFrom().isAfter(NOW)
                        && grant.validUntil().isAfter(NOW))
                .toList();
        return new Case(new PolicySnapshot(3, grants), grants, active, uses);
    }

    private static Grant grant(Random random, String id) {
        Map<FieldCoordinate, Access> fields = new HashMap<>();
        for (FieldCoordinate field : FIELDS) {
            if (random.nextBoolean()) {
                fields.put(field, random.nextBoolean() ? Access.READ : Access.VERIFY);
            }
        }
        Map<FieldCoordinate, MaskKind> masks = new HashMap<>();
        List<ClaimBinding> bindings = new ArrayList<>();
        fields.forEach((field, access) -> {
            if (access == Access.READ && random.nextInt(3) == 0) {
                masks.put(field, MaskKind.values()[random.nextInt(MaskKind.values().length)]);
            }
            if (access == Access.VERIFY && random.nextInt(3) == 0) {
                bindings.add(new ClaimBinding(
                        field, Comparison.values()[random.nextInt(Comparison.values().length)], "50000"));
            }
        });
        List<RowFilter> filters = new ArrayList<>();
        for (RowFilter filter : FILTERS) {
            if (random.nextInt(3) == 0) {
                filters.add(filter);
            }
        }
        // Mostly the caller's active grants for its purpose, so that decisions are often allowed.
        String consumer = random.nextInt(6) == 0 ? "someone-else" : CONSUMER;
        String purpose = random.nextInt(6) == 0 ? "OTHER" : PURPOSE;
        GrantStatus status = random.nextInt(5) == 0
                ? (random.nextBoolean() ? GrantStatus.REVOKED : GrantStatus.SUSPENDED)
                : GrantStatus.ACTIVE;
        Instant from;
        Instant until;
        switch (random.nextInt(6)) {
            case 0 -> { // expired, the last instant included
                from = NOW.minus(Duration.ofDays(30));
                until = random.nextBoolean() ? NOW : NOW.minusSeconds(1 + random.nextInt(86_400));
            }
            case 1 -> { // not yet valid
                from = NOW.plusSeconds(1 + random.nextInt(86_400));
                until = from.plus(Duration.ofDays(30));
            }
            default -> {
                from = random.nextBoolean() ? NOW : NOW.minus(Duration.ofDays(1));
                until = NOW.plusSeconds(1 + random.nextInt(86_400));
            }
        }
        Quotas quotas =
                new Quotas(random.nextInt(3) * 10, random.nextInt(3), random.nextInt(3) * 100, 1 + random.nextInt(100));
        return new Grant(id, consumer, purpose, fields, filters, masks, quotas, from, until, status, bindings);
    }

    private static Decision decide(Case generated) {
        return PolicyDecider.decide(generated.policy(), CONSUMER, PURPOSE, generated.uses(), NOW);
    }

    private static boolean named(List<Grant> grants, FieldCoordinate field) {
        return grants.stream().anyMatch(grant -> grant.fields().containsKey(field));
    }

    @Test
    void aFieldNoActiveGrantNamesIsNeverAllowed() {
        forEachSeed(PolicyDeciderPropertiesTest::aFieldNoActiveGrantNamesIsNeverAllowed);
    }

    private static void aFieldNoActiveGrantNamesIsNeverAllowed(long seed) {
        Case generated = generate(seed);
        Decision decision = decide(generated);

        for (FieldUse use : generated.uses()) {
            if (!named(generated.active(), use.field())) {
                assertThat(decision).as("seed %d, %s", seed, use).isInstanceOf(Refused.class);
                Refused refused = (Refused) decision;
                if (refused.reason() == Refused.Reason.FORBIDDEN_FIELD) {
                    assertThat(refused.denied()).extracting(DeniedField::field).contains(use.field());
                } else {
                    assertThat(refused.reason()).isEqualTo(Refused.Reason.PURPOSE_NOT_GRANTED);
                    assertThat(generated.active()).isEmpty();
                }
            }
        }
    }

    @Test
    void everyAllowedFieldIsCoveredByAnActiveGrantWithEnoughAccess() {
        forEachSeed(PolicyDeciderPropertiesTest::everyAllowedFieldIsCoveredByAnActiveGrantWithEnoughAccess);
    }

    private static void everyAllowedFieldIsCoveredByAnActiveGrantWithEnoughAccess(long seed) {
        Case generated = generate(seed);
        if (!(decide(generated) instanceof Allowed allowed)) {
            return;
        }
        for (FieldUse use : generated.uses()) {
            String grantId = allowed.grantOfField().get(use.field());
            assertThat(grantId).as("seed %d, %s", seed, use).isNotNull();
            Grant covering = generated.active().stream()
                    .filter(grant -> grant.id().equals(grantId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("seed " + seed + ": " + grantId + " is not active"));
            assertThat(covering.fields()).containsKey(use.field());
            if (use.access() == Access.READ) {
                assertThat(covering.fields().get(use.field())).isEqualTo(Access.READ);
            }
        }
        // The reasons name grants the caller holds for the purpose, nothing else.
        assertThat(generated.active()).extracting(Grant::id).containsAll(allowed.grantIds());
    }

    @Test
    void grantsThatAreNotActiveForTheCallersPurposeChangeNothing() {
        forEachSeed(PolicyDeciderPropertiesTest::grantsThatAreNotActiveForTheCallersPurposeChangeNothing);
    }

    private static void grantsThatAreNotActiveForTheCallersPurposeChangeNothing(long seed) {
        Case generated = generate(seed);
        Decision withOnlyActive = PolicyDecider.decide(
                new PolicySnapshot(3, generated.active()), CONSUMER, PURPOSE, generated.uses(), NOW);

        assertThat(decide(generated)).as("seed %d", seed).isEqualTo(withOnlyActive);
    }

    @Test
    void expiredWithdrawnOrFutureGrantsAloneNeverAllow() {
        forEachSeed(PolicyDeciderPropertiesTest::expiredWithdrawnOrFutureGrantsAloneNeverAllow);
    }

    private static void expiredWithdrawnOrFutureGrantsAloneNeverAllow(long seed) {
        Case generated = generate(seed);
        List<Grant> inactive = new ArrayList<>(generated.grants());
        inactive.removeAll(generated.active());
        Decision decision =
                PolicyDecider.decide(new PolicySnapshot(3, inactive), CONSUMER, PURPOSE, generated.uses(), NOW);

        assertThat(decision).as("seed %d", seed).isEqualTo(new Refused(Refused.Reason.PURPOSE_NOT_GRANTED, List.of()));
    }

    @Test
    void theOrderOfGrantsDoesNotChangeTheDecision() {
        forEachSeed(PolicyDeciderPropertiesTest::theOrderOfGrantsDoesNotChangeTheDecision);
    }

    private static void theOrderOfGrantsDoesNotChangeTheDecision(long seed) {
        Case generated = generate(seed);
        List<Grant> shuffled = new ArrayList<>(generated.grants());
        Collections.shuffle(shuffled, new Random(seed));
        Decision reordered =
                PolicyDecider.decide(new PolicySnapshot(3, shuffled), CONSUMER, PURPOSE, generated.uses(), NOW);

        assertThat(reordered).as("seed %d", seed).isEqualTo(decide(generated));
    }

    @Test
    void aReadFieldIsMaskedWhenAnyGrantThatCoversItMasksIt() {
        forEachSeed(PolicyDeciderPropertiesTest::aReadFieldIsMaskedWhenAnyGrantThatCoversItMasksIt);
    }

    private static void aReadFieldIsMaskedWhenAnyGrantThatCoversItMasksIt(long seed) {
        Case generated = generate(seed);
        if (!(decide(generated) instanceof Allowed allowed)) {
            return;
        }
        for (FieldUse use : generated.uses()) {
            if (use.access() != Access.READ) {
                continue;
            }
            Set<MaskKind> masksOfCoveringGrants = new LinkedHashSet<>();
            generated.active().stream()
                    .filter(grant -> grant.fields().get(use.field()) == Access.READ)
                    .map(grant -> grant.masks().get(use.field()))
                    .forEach(mask -> {
                        if (mask != null) {
                            masksOfCoveringGrants.add(mask);
                        }
                    });
            if (masksOfCoveringGrants.isEmpty()) {
                assertThat(allowed.masks()).as("seed %d", seed).doesNotContainKey(use.field());
            } else {
                assertThat(masksOfCoveringGrants)
                        .as("seed %d", seed)
                        .contains(allowed.masks().get(use.field()));
            }
        }
    }

    @Test
    void noClaimIsAllowedAboutAFieldOnlyMaskedReadsCover() {
        forEachSeed(PolicyDeciderPropertiesTest::noClaimIsAllowedAboutAFieldOnlyMaskedReadsCover);
    }

    private static void noClaimIsAllowedAboutAFieldOnlyMaskedReadsCover(long seed) {
        Case generated = generate(seed);
        if (!(decide(generated) instanceof Allowed)) {
            return;
        }
        for (FieldUse use : generated.uses()) {
            if (use.access() == Access.VERIFY) {
                boolean coveredOtherwise = generated.active().stream()
                        .anyMatch(grant -> grant.fields().get(use.field()) == Access.VERIFY
                                || (grant.fields().get(use.field()) == Access.READ
                                        && !grant.masks().containsKey(use.field())));
                assertThat(coveredOtherwise).as("seed %d, %s", seed, use).isTrue();
            }
        }
    }

    @Test
    void everyRowFilterOfEveryActiveGrantOfThePurposeApplies() {
        forEachSeed(PolicyDeciderPropertiesTest::everyRowFilterOfEveryActiveGrantOfThePurposeApplies);
    }

    private static void everyRowFilterOfEveryActiveGrantOfThePurposeApplies(long seed) {
        Case generated = generate(seed);
        if (!(decide(generated) instanceof Allowed allowed)) {
            return;
        }
        Map<String, Set<RowFilter>> expected = new HashMap<>();
        generated.active().forEach(grant -> grant.rowFilters()
                .forEach(filter -> expected.computeIfAbsent(filter.field().type(), type -> new LinkedHashSet<>())
                        .add(filter)));
        Map<String, Set<RowFilter>> applied = new HashMap<>();
        allowed.rowFiltersByType().forEach((type, filters) -> applied.put(type, new LinkedHashSet<>(filters)));

        // Filters narrow, never widen: they come from every active grant, not only from the ones that cover a field.
        assertThat(applied).as("seed %d", seed).isEqualTo(expected);
        assertThat(allowed.quotas())
                .isEqualTo(Quotas.strictest(
                        generated.active().stream().map(Grant::quotas).toList()));
    }

    @Test
    void anotherActiveGrantNeverRemovesARowFilterOrAMaskOfAFieldItDoesNotName() {
        forEachSeed(PolicyDeciderPropertiesTest::anotherActiveGrantNeverRemovesARowFilterOrAMaskOfAFieldItDoesNotName);
    }

    private static void anotherActiveGrantNeverRemovesARowFilterOrAMaskOfAFieldItDoesNotName(long seed) {
        Case generated = generate(seed);
        if (!(decide(generated) instanceof Allowed before)) {
            return;
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        Grant extra;
        do {
            extra = grant(random, "G9");
        } while (!extra.isActiveAt(NOW)
                || !extra.consumer().equals(CONSUMER)
                || !extra.purpose().equals(PURPOSE));
        List<Grant> more = new ArrayList<>(generated.grants());
        more.add(extra);
        Decision after = PolicyDecider.decide(new PolicySnapshot(3, more), CONSUMER, PURPOSE, generated.uses(), NOW);

        assertThat(after).as("seed %d: a grant can only add access", seed).isInstanceOf(Allowed.class);
        Allowed allowed = (Allowed) after;
        before.rowFiltersByType()
                .forEach((type, filters) -> assertThat(allowed.rowFilters(type)).containsAll(filters));
        for (Map.Entry<FieldCoordinate, MaskKind> mask : before.masks().entrySet()) {
            if (!extra.fields().containsKey(mask.getKey())) {
                assertThat(allowed.masks()).containsEntry(mask.getKey(), mask.getValue());
            } else {
                assertThat(allowed.masks()).as("seed %d: still masked", seed).containsKey(mask.getKey());
            }
        }
    }

    @Test
    void theGeneratedCasesReachEveryKindOfDecision() {
        int allowed = 0;
        int masked = 0;
        int filteredBySeveralGrants = 0;
        int forbidden = 0;
        int notGranted = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case generated = generate(seed);
            Decision decision = decide(generated);
            if (decision instanceof Allowed allowing) {
                allowed++;
                masked += allowing.masks().isEmpty() ? 0 : 1;
                filteredBySeveralGrants += generated.active().stream()
                                        .filter(grant -> !grant.rowFilters().isEmpty())
                                        .count()
                                > 1
                        ? 1
                        : 0;
            } else if (((Refused) decision).reason() == Refused.Reason.FORBIDDEN_FIELD) {
                forbidden++;
            } else {
                notGranted++;
            }
        }

        // The properties above say something only if the cases reach these decisions often enough.
        assertThat(allowed).isGreaterThan(CASES / 10);
        assertThat(masked).isGreaterThan(CASES / 100);
        assertThat(filteredBySeveralGrants).isGreaterThan(CASES / 100);
        assertThat(forbidden).isGreaterThan(CASES / 10);
        assertThat(notGranted).isGreaterThan(CASES / 100);
    }
}
