package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One row of the police source's {@code resident} table (户籍). {@code gender} is {@code FEMALE} or {@code MALE};
 * {@code registrationStatus} is {@code ALIVE}, {@code DECEASED} or {@code EMIGRATED}, and {@code deathRegisteredOn}
 * is set exactly when it is {@code DECEASED}.
 */
public record ResidentRow(
        String idNumber,
        String name,
        String gender,
        LocalDate birthDate,
        String ethnicity,
        String regionCode,
        String address,
        String registrationStatus,
        @Nullable LocalDate deathRegisteredOn) {
    /** The registration of a resident who is alive. */
    public static final String ALIVE = "ALIVE";
    /** The registration was cancelled on a registered death (死亡注销). */
    public static final String DECEASED = "DECEASED";
    /** The registration was cancelled for settling abroad. */
    public static final String EMIGRATED = "EMIGRATED";

    public ResidentRow {
        requireNonNull(idNumber, "idNumber is null");
        requireNonNull(name, "name is null");
        requireNonNull(gender, "gender is null");
        requireNonNull(birthDate, "birthDate is null");
        requireNonNull(ethnicity, "ethnicity is null");
        requireNonNull(regionCode, "regionCode is null");
        requireNonNull(address, "address is null");
        requireNonNull(registrationStatus, "registrationStatus is null");
        if (registrationStatus.equals(DECEASED) != (deathRegisteredOn != null)) {
            throw new IllegalArgumentException("a death registration date goes with DECEASED, and only with it");
        }
    }

    /** A resident who is alive. */
    public static ResidentRow alive(
            String idNumber,
            String name,
            String gender,
            LocalDate birthDate,
            String ethnicity,
            String regionCode,
            String address) {
        return new ResidentRow(idNumber, name, gender, birthDate, ethnicity, regionCode, address, ALIVE, null);
    }
}
