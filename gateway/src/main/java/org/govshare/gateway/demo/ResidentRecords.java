package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A resident and everything the other departments hold about them: the rows one person contributes to each source. */
public record ResidentRecords(
        ResidentRow resident,
        @Nullable PensionAccountRow pension,
        List<IncomeRecordRow> incomes,
        @Nullable MedicalInsuranceRow medicalInsurance) {
    public ResidentRecords {
        requireNonNull(resident, "resident is null");
        incomes = List.copyOf(incomes);
        String idNumber = resident.idNumber();
        if ((pension != null && !pension.idNumber().equals(idNumber))
                || (medicalInsurance != null && !medicalInsurance.idNumber().equals(idNumber))
                || incomes.stream().anyMatch(income -> !income.idNumber().equals(idNumber))) {
            throw new IllegalArgumentException("every row must belong to resident " + idNumber);
        }
    }

    /** The resident's ID number. */
    public String idNumber() {
        return resident.idNumber();
    }

    /** The pension account, if the resident has one. */
    public Optional<PensionAccountRow> findPension() {
        return Optional.ofNullable(pension);
    }

    /** The medical insurance enrolment, if the resident has one. */
    public Optional<MedicalInsuranceRow> findMedicalInsurance() {
        return Optional.ofNullable(medicalInsurance);
    }

    /** The income record of {@code year}, if there is one. */
    public Optional<IncomeRecordRow> findIncome(int year) {
        return incomes.stream().filter(income -> income.year() == year).findFirst();
    }
}
