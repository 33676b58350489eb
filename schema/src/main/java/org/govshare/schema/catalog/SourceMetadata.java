package org.govshare.schema.catalog;

import java.util.Optional;
import java.util.Set;

/** What a source reports about its tables, used to check the catalog's bindings at start-up. */
@FunctionalInterface
public interface SourceMetadata {
    /** The column names of that table (any letter case), or empty when the source has no such table. */
    Optional<Set<String>> columns(SourceTable table);
}
