package org.govshare.policy.model;

/** How a masked field's value is shown. */
public enum MaskKind {
    /** An ID number keeps its region (6) and last 4 characters: {@code 441900********048X}. */
    ID_NUMBER,
    /** An address is cut after its district-level part (街道/镇/乡 or 区/县). */
    ADDRESS_TO_DISTRICT
}
