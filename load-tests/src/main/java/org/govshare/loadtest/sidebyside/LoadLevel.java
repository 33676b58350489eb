package org.govshare.loadtest.sidebyside;

/** Where a run sits: the closed loop that finds the maximum rate, or a fixed arrival rate at a share of it. */
enum LoadLevel {
    MAXIMUM("max", 1.0),
    LIGHT("10 %", 0.1),
    HALF("50 %", 0.5),
    HEAVY("80 %", 0.8);

    private final String label;
    private final double shareOfMaximum;

    LoadLevel(String label, double shareOfMaximum) {
        this.label = label;
        this.shareOfMaximum = shareOfMaximum;
    }

    String label() {
        return label;
    }

    double shareOfMaximum() {
        return shareOfMaximum;
    }
}
