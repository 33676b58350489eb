package org.govshare.schema.catalog;

import java.util.Optional;

/** What the sources report about their tables, used to check a catalog's bindings against the live sources. */
@FunctionalInterface
public interface SourceMetadata {
    /**
     * The table as its source describes it now, or empty when the source has no such table; a source that cannot be
     * reached throws.
     */
    Optional<TableDescription> describe(SourceTable table);
}
