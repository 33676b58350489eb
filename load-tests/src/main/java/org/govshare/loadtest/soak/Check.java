package org.govshare.loadtest.soak;

import static java.util.Objects.requireNonNull;

/** One of the soak's checks: what it requires, whether the run met it, and the figures that decided. */
record Check(String name, String requirement, boolean passed, String figures) {
    Check {
        requireNonNull(name, "name is null");
        requireNonNull(requirement, "requirement is null");
        requireNonNull(figures, "figures is null");
    }

    String verdict() {
        return passed ? "PASS" : "FAIL";
    }
}
