package org.govshare.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.govshare.schema.identifier.IdentifierScheme;
import org.govshare.schema.identifier.ResidentIdNumbers;
import org.junit.jupiter.api.Test;

class FixedRecordsTest {
    @Test
    void identifiersAreWellFormed() {
        assertThat(FixedRecords.RESERVED_ID_NUMBERS)
                .allSatisfy(idNumber -> assertThat(IdentifierScheme.RESIDENT_ID_NUMBER.isValid(idNumber))
                        .isTrue());
        assertThat(IdentifierScheme.UNIFIED_SOCIAL_CREDIT_CODE.isValid(FixedRecords.E1_CREDIT_CODE))
                .isTrue();
    }

    @Test
    void residentsAgreeWithTheirIdNumbers() {
        assertThat(FixedRecords.RESIDENTS).allSatisfy(records -> {
            ResidentRow resident = records.resident();
            assertThat(resident.birthDate()).isEqualTo(ResidentIdNumbers.birthDate(resident.idNumber()));
            assertThat(resident.gender()).isEqualTo(ResidentIdNumbers.isMale(resident.idNumber()) ? "MALE" : "FEMALE");
            assertThat(resident.idNumber()).startsWith(resident.regionCode());
        });
    }

    @Test
    void matchesTheContract() {
        assertThat(FixedRecords.R1.name()).isEqualTo("张秀英");
        assertThat(FixedRecords.R2_PENSION.retired()).isFalse();
        assertThat(FixedRecords.R2_PENSION.retirementDate()).isNull();
        assertThat(FixedRecords.R2_PENSION.monthlyAmount()).isNull();
        assertThat(FixedRecords.R3_PENSION.status()).isEqualTo("SUSPENDED");
        assertThat(FixedRecords.R3_PENSION.retired()).isTrue();
        assertThat(FixedRecords.E1.legalRepresentativeId()).isEqualTo(FixedRecords.R2_ID);
        assertThat(FixedRecords.RESIDENTS).extracting(ResidentRecords::idNumber).doesNotContain(FixedRecords.R0_ID);
        assertThat(FixedRecords.RESIDENTS).allSatisfy(records -> {
            assertThat(records.resident().registrationStatus()).isEqualTo(ResidentRow.ALIVE);
            assertThat(records.resident().deathRegisteredOn()).isNull();
        });
    }
}
