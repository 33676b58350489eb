package org.govshare.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.govshare.schema.identifier.UnifiedSocialCreditCodes;
import org.junit.jupiter.api.Test;

class DemoDatasetTest {
    private static final long SEED = 7L;

    @Test
    void residentIdNumbersAreUniqueValidAndNeverFixed() {
        DemoDataset dataset = new DemoDataset(SEED, 100_000);
        Set<String> idNumbers = new HashSet<>();
        for (int index = 0; index < dataset.residentCount(); index++) {
            String idNumber = dataset.residentIdNumber(index);
            assertThat(idNumbers.add(idNumber)).as("duplicate %s", idNumber).isTrue();
            if (!ResidentIdNumbers.isValid(idNumber)) {
                throw new AssertionError("invalid ID number " + idNumber);
            }
        }
        assertThat(idNumbers).doesNotContainAnyElementsOf(FixedRecords.RESERVED_ID_NUMBERS);
    }

    @Test
    void residentsAreNumberedInIdNumberOrder() {
        DemoDataset dataset = new DemoDataset(SEED, 50_000);
        String previous = "";
        for (int index = 0; index < dataset.residentCount(); index++) {
            String idNumber = dataset.residentIdNumber(index);
            assertThat(idNumber).isGreaterThan(previous);
            previous = idNumber;
        }
    }

    @Test
    void aspectsAgreeWithTheWholeResident() {
        DemoDataset dataset = new DemoDataset(SEED, 1_000);
        for (int index = 0; index < dataset.residentCount(); index += 3) {
            ResidentRecords records = dataset.resident(index);
            assertThat(dataset.residentRow(index)).isEqualTo(records.resident());
            assertThat(dataset.findPension(index)).isEqualTo(records.findPension());
            assertThat(dataset.incomes(index)).isEqualTo(records.incomes());
            assertThat(dataset.findMedicalInsurance(index)).isEqualTo(records.findMedicalInsurance());
        }
    }

    @Test
    void residentIdNumberAgreesWithFullResident() {
        DemoDataset dataset = new DemoDataset(SEED, 1_000);
        for (int index = 0; index < dataset.residentCount(); index++) {
            ResidentRecords records = dataset.resident(index);
            assertThat(records.idNumber()).isEqualTo(dataset.residentIdNumber(index));
            assertThat(records.resident().birthDate())
                    .isBetween(DemoDataset.EARLIEST_BIRTH_DATE, DemoDataset.LATEST_BIRTH_DATE);
            assertThat(records.resident().address()).doesNotContain(" ");
        }
    }

    @Test
    void sameSeedAndSizeGiveTheSameRecords() {
        DemoDataset first = new DemoDataset(SEED, 10_000);
        DemoDataset second = new DemoDataset(SEED, 10_000);
        for (int index = 0; index < first.residentCount(); index += 97) {
            assertThat(second.resident(index)).isEqualTo(first.resident(index));
        }
        for (int index = 0; index < first.enterpriseCount(); index += 7) {
            assertThat(second.enterprise(index)).isEqualTo(first.enterprise(index));
        }
    }

    @Test
    void creditCodesAreUniqueValidAndNeverE1() {
        DemoDataset dataset = new DemoDataset(SEED, 100_000);
        Set<String> creditCodes = new HashSet<>();
        for (int index = 0; index < dataset.enterpriseCount(); index++) {
            EnterpriseRow enterprise = dataset.enterprise(index);
            assertThat(creditCodes.add(enterprise.creditCode())).isTrue();
            assertThat(UnifiedSocialCreditCodes.isValid(enterprise.creditCode()))
                    .as(enterprise.creditCode())
                    .isTrue();
            assertThat(ResidentIdNumbers.isValid(enterprise.legalRepresentativeId()))
                    .isTrue();
        }
        assertThat(creditCodes).doesNotContain(FixedRecords.E1_CREDIT_CODE);
        assertThat(dataset.enterpriseCount()).isEqualTo(10_000);
        assertThat(new DemoDataset(SEED, 1_000).enterpriseCount()).isEqualTo(100);
    }

    @Test
    void regionsFollowTheirWeights() {
        DemoDataset dataset = new DemoDataset(SEED, 100_000);
        Map<String, Integer> perRegion = new HashMap<>();
        for (int index = 0; index < dataset.residentCount(); index++) {
            perRegion.merge(dataset.residentIdNumber(index).substring(0, 6), 1, Integer::sum);
        }
        assertThat(perRegion.get("441900")).isEqualTo(10_000);
        assertThat(perRegion).hasSizeGreaterThanOrEqualTo(40).containsKeys("110105", "110101");
    }

    @Test
    void gendersAreBalanced() {
        DemoDataset dataset = new DemoDataset(SEED, 20_000);
        long men = 0;
        for (int index = 0; index < dataset.residentCount(); index++) {
            if (dataset.resident(index).resident().gender().equals("MALE")) {
                men++;
            }
        }
        assertThat((double) men / dataset.residentCount()).isBetween(0.47, 0.53);
    }

    @Test
    void aSmallShareIsRegisteredDeadMoreOfTheOldAndEachDeathHasARecentRegistrationDate() {
        DemoDataset dataset = new DemoDataset(SEED, 50_000);
        int deceased = 0;
        int deceasedOld = 0;
        int old = 0;
        int emigrated = 0;
        for (int index = 0; index < dataset.residentCount(); index++) {
            ResidentRow resident = dataset.residentRow(index);
            boolean isOld = resident.birthDate().isBefore(DemoDataset.REFERENCE_DATE.minusYears(75));
            old += isOld ? 1 : 0;
            switch (resident.registrationStatus()) {
                case ResidentRow.DECEASED -> {
                    deceased++;
                    deceasedOld += isOld ? 1 : 0;
                    assertThat(resident.deathRegisteredOn())
                            .isBetween(DemoDataset.REFERENCE_DATE.minusYears(2), DemoDataset.REFERENCE_DATE)
                            .isAfterOrEqualTo(resident.birthDate());
                }
                case ResidentRow.EMIGRATED -> {
                    emigrated++;
                    assertThat(resident.deathRegisteredOn()).isNull();
                }
                default -> {
                    assertThat(resident.registrationStatus()).isEqualTo(ResidentRow.ALIVE);
                    assertThat(resident.deathRegisteredOn()).isNull();
                }
            }
        }
        assertThat((double) deceased / dataset.residentCount()).isBetween(0.005, 0.04);
        assertThat((double) deceasedOld / old).isGreaterThan(0.05);
        assertThat((double) emigrated / dataset.residentCount()).isBetween(0.0005, 0.005);
    }

    @Test
    void theRegistrationStatusChangedNoValueThatWasGeneratedBeforeIt() {
        // Drawn from a stream of its own: these are seed 7's values from before the registration status existed.
        ResidentRow first = new DemoDataset(SEED, 1_000).residentRow(0);
        assertThat(first)
                .isEqualTo(new ResidentRow(
                        "110101194011159216",
                        "万祥祥",
                        "MALE",
                        LocalDate.of(1940, 11, 15),
                        FixedRecords.HAN,
                        "110101",
                        "北京市东城区景山街道东风路282号8栋2403室",
                        first.registrationStatus(),
                        first.deathRegisteredOn()));
    }

    @Test
    void rejectsIndexesOutOfRange() {
        DemoDataset dataset = new DemoDataset(SEED, 1_000);
        assertThatThrownBy(() -> dataset.resident(1_000)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> dataset.enterprise(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void permutationIsABijection() {
        for (long size : new long[] {1, 2, 3, 1_000, 4_097}) {
            IndexPermutation permutation = new IndexPermutation(size, SEED);
            Set<Long> images = new HashSet<>();
            for (long index = 0; index < size; index++) {
                long image = permutation.apply(index);
                assertThat(image).isBetween(0L, size - 1);
                images.add(image);
            }
            assertThat(images).hasSize((int) size);
        }
    }
}
