package org.govshare.schema.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Classification, share type and (for NOT_SHARED items) the legal basis of one catalog item. */
public record Sharing(Classification classification, ShareType shareType, Optional<String> legalBasis) {
    public Sharing {
        requireNonNull(classification, "classification is null");
        requireNonNull(shareType, "shareType is null");
        requireNonNull(legalBasis, "legalBasis is null");
    }
}
