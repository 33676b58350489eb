package org.govshare.schema.catalog;

/** Sensitivity level of a catalog item (分类分级), from L1 public to L4 core. */
public enum Level {
    L1,
    L2,
    L3,
    L4
}
