package org.govshare.loadtest.data;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** A resident the workloads ask about, with the name and birth date a verifier would claim (the true ones). */
public record Subject(String idNumber, String name, LocalDate birthDate, String regionCode) {
    public Subject {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(name, "name is null");
        requireNonNull(birthDate, "birthDate is null");
        requireNonNull(regionCode, "regionCode is null");
        if (idNumber.length() != 18) {
            throw new IllegalArgumentException("idNumber must have 18 characters: " + idNumber);
        }
    }
}
