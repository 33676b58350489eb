package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One row of the hrss source's {@code pension_account} table (养老保险). Retirement date and monthly amount are
 * present exactly when the holder is retired.
 */
public record PensionAccountRow(
        String idNumber,
        String status,
        boolean retired,
        @Nullable LocalDate retirementDate,
        @Nullable BigDecimal monthlyAmount,
        int contributionMonths,
        String regionCode) {
    public PensionAccountRow {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(status, "status is null");
        requireNonNull(regionCode, "regionCode is null");
        if (retired != (retirementDate != null) || retired != (monthlyAmount != null)) {
            throw new IllegalArgumentException("retirementDate and monthlyAmount must be set exactly when retired");
        }
    }
}
