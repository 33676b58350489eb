package org.govshare.schema.catalog;

/** A field of the root {@code Query} type that enters the catalog. */
public sealed interface RootField permits LookupField, PageField, VerifyField {
    String name();

    String targetType();

    Location location();
}
