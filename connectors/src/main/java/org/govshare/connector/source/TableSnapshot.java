package org.govshare.connector.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;

/**
 * A Calcite schema whose table map is built once from a source's JDBC metadata, for the tables the catalog binds.
 * Plans then never ask the source for metadata, so compiling a new shape works, and is fast, while the source is busy
 * or down.
 */
final class TableSnapshot extends AbstractSchema {
    private final Map<String, Table> tables;

    private TableSnapshot(Map<String, Table> tables) {
        this.tables = Collections.unmodifiableMap(tables);
    }

    static TableSnapshot of(JdbcSchema schema, Set<String> names) {
        SqlTypeFactoryImpl typeFactory = new SqlTypeFactoryImpl(RelDataTypeSystem.DEFAULT);
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String name : names) {
            Table exact = schema.tables().get(name);
            Named<Table> found =
                    exact != null ? new Named<>(name, exact) : schema.tables().getIgnoreCase(name);
            if (found != null) {
                // Reading the row type now makes the JDBC table keep it; later plans reuse it without a round trip.
                found.entity().getRowType(typeFactory);
                tables.put(found.name(), found.entity());
            }
        }
        return new TableSnapshot(tables);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
