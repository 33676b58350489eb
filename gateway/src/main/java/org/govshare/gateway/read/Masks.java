package org.govshare.gateway.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.connector.plan.ColumnMask;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.jspecify.annotations.Nullable;

/** Applies a grant's mask to a field value before it leaves the gateway. */
public final class Masks {
    private static final String[] TOWN_LEVEL = {"街道", "镇", "乡"};
    private static final String[] COUNTY_LEVEL = {"区", "县"};

    private Masks() {}

    /**
     * The masks a grant puts on one type's selected fields that the source itself can apply (ID numbers: fixed
     * width), so the unmasked value never leaves it. Other masks are applied by {@link #apply} after the fetch.
     */
    public static List<ColumnMask> atSource(Map<FieldCoordinate, MaskKind> masks, String type, List<String> fields) {
        List<ColumnMask> atSource = new ArrayList<>();
        for (String field : fields) {
            if (masks.get(new FieldCoordinate(type, field)) == MaskKind.ID_NUMBER) {
                atSource.add(new ColumnMask(field, 6, 12, 0));
            }
        }
        return atSource;
    }

    /** True when {@link #atSource} handles this kind, so the value arrives masked already. */
    public static boolean appliedAtSource(MaskKind kind) {
        return kind == MaskKind.ID_NUMBER;
    }

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

    /**
     * Only the region (6) stays: {@code 441900************}. Keeping the sequence and check characters too would leave
     * about 33 candidates to a caller who knows the birth year, a day's lookups; see {@code MaskKind.ID_NUMBER}.
     */
    static String idNumber(String id) {
        if (id.length() <= 6) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 6);
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
