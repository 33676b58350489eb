package org.govshare.connector.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Calcite schemas of one catalog version, by source: what its plans are compiled against. Built from the
 * {@link SourceRegistry}'s pools; a later catalog version keeps the schemas of the sources whose tables it binds as
 * before and reads the others anew.
 */
public final class SourceSchemas {
    private final Map<String, SourceSchema> schemas;

    SourceSchemas(Map<String, SourceSchema> schemas) {
        this.schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
    }

    /** The schema of that source. */
    public SourceSchema schema(String source) {
        SourceSchema schema = schemas.get(source);
        if (schema == null) {
            throw new IllegalArgumentException("no schema of source " + source);
        }
        return schema;
    }

    public Set<String> names() {
        return schemas.keySet();
    }
}
