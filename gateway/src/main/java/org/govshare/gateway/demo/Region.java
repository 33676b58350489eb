package org.govshare.gateway.demo;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A county-level region (GB/T 2260) that generated residents live in. {@code city} is empty in the municipalities
 * and {@code district} is empty in cities without districts such as 东莞市, so that the concatenation reads as an
 * address.
 */
record Region(
        String code,
        String province,
        String city,
        String district,
        List<String> streets,
        int weight,
        double incomeLevel,
        String localEthnicity) {
    Region {
        requireNonNull(code, "code is null");
        requireNonNull(province, "province is null");
        requireNonNull(city, "city is null");
        requireNonNull(district, "district is null");
        streets = List.copyOf(streets);
        requireNonNull(localEthnicity, "localEthnicity is null");
        if (code.length() != 6 || streets.isEmpty() || weight <= 0) {
            throw new IllegalArgumentException("malformed region " + code);
        }
    }

    /** Province, city and district: the start of every address in the region. */
    String addressPrefix() {
        return province + city + district;
    }

    /** The city as enterprises put it in front of their names (北京市 for a municipality). */
    String namePrefix() {
        return city.isEmpty() ? province : city;
    }
}
