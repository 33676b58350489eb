package org.govshare.schema.catalog;

/** How a claim compares the value at the source with the claimed one. */
public enum Comparison {
    /** The value equals the claimed one (strings after NFC normalisation and trimming). */
    EQUALS,
    /** The value is at least the claimed one ({@code <field>AtLeast}; numbers and dates). */
    AT_LEAST,
    /** The value is at most the claimed one ({@code <field>AtMost}; numbers and dates). */
    AT_MOST
}
