package org.govshare.schema.catalog;

/** 共享属性: whether an item may be shared at all, and under which review. */
public enum ShareType {
    UNCONDITIONAL,
    CONDITIONAL,
    NOT_SHARED
}
