package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** One row of the medical source's {@code medical_insurance} table (医保). */
public record MedicalInsuranceRow(String idNumber, String plan, String status, BigDecimal balance) {
    public MedicalInsuranceRow {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(status, "status is null");
        requireNonNull(balance, "balance is null");
    }
}
