package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** One row of the market source's {@code enterprise} table (企业登记). */
public record EnterpriseRow(
        String creditCode, String name, String status, BigDecimal registeredCapital, String legalRepresentativeId) {
    public EnterpriseRow {
        requireNonNull(creditCode, "creditCode is null");
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
        requireNonNull(registeredCapital, "registeredCapital is null");
        requireNonNull(legalRepresentativeId, "legalRepresentativeId is null");
    }
}
