package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** One row of the tax source's {@code income_record} table (个税): one person's income and tax for one year. */
public record IncomeRecordRow(String idNumber, int year, BigDecimal annualIncome, BigDecimal taxPaid) {
    public IncomeRecordRow {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(annualIncome, "annualIncome is null");
        requireNonNull(taxPaid, "taxPaid is null");
    }
}
