package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** One row of the police source's {@code resident} table (户籍). {@code gender} is {@code FEMALE} or {@code MALE}. */
public record ResidentRow(
        String idNumber,
        String name,
        String gender,
        LocalDate birthDate,
        String ethnicity,
        String regionCode,
        String address) {
    public ResidentRow {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(name, "name is null");
        requireNonNull(gender, "gender is null");
        requireNonNull(birthDate, "birthDate is null");
        requireNonNull(ethnicity, "ethnicity is null");
        requireNonNull(regionCode, "regionCode is null");
        requireNonNull(address, "address is null");
    }
}
