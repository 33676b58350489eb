package org.govshare.gateway.access;

import org.govshare.policy.model.MaskKind;
import org.jspecify.annotations.Nullable;

/** Applies a grant's mask to a field value before it leaves the gateway. */
public final class Masks {
    private static final String[] TOWN_LEVEL = {"街道", "镇", "乡"};
    private static final String[] COUNTY_LEVEL = {"区", "县"};

    private Masks() {}

    public static @Nullable Object apply(MaskKind kind, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return switch (kind) {
            case ID_NUMBER -> idNumber(text);
            case ADDRESS_TO_DISTRICT -> addressToDistrict(text);
        };
    }

    /** Region (6) and last 4 characters stay: {@code 441900********048X}. */
    static String idNumber(String id) {
        if (id.length() < 10) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    /** Everything after the town-level (or, failing that, county-level) part is cut. */
    static String addressToDistrict(String address) {
        int cut = earliestEnd(address, TOWN_LEVEL);
        if (cut < 0) {
            cut = earliestEnd(address, COUNTY_LEVEL);
        }
        return cut < 0 ? "***" : address.substring(0, cut);
    }

    private static int earliestEnd(String text, String[] markers) {
        int best = -1;
        for (String marker : markers) {
            int at = text.indexOf(marker);
            if (at >= 0 && (best < 0 || at + marker.length() < best)) {
                best = at + marker.length();
            }
        }
        return best;
    }
}
