package org.govshare.schema.catalog;

/** How often a resource changes at its source, as the catalog declares it (更新频率). */
public enum UpdateFrequency {
    REAL_TIME,
    DAILY,
    MONTHLY,
    YEARLY
}
