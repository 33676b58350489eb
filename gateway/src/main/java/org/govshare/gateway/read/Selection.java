package org.govshare.gateway.read;

import graphql.schema.SelectedField;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RelationField;

/**
 * The column fields and relations a request selects on one catalog type, across aliases, fragments and
 * {@code @skip}/{@code @include} as graphql-java resolved them. Only these columns reach the source SQL.
 */
record Selection(List<String> fields, List<String> relations) {
    Selection {
        fields = List.copyOf(fields);
        relations = List.copyOf(relations);
    }

    static Selection of(CatalogType type, List<SelectedField> selected) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> relations = new LinkedHashSet<>();
        for (SelectedField field : selected) {
            CatalogField catalogField = type.fields().get(field.getName());
            if (catalogField instanceof ColumnField) {
                fields.add(field.getName());
            } else if (catalogField instanceof RelationField) {
                relations.add(field.getName());
            }
        }
        return new Selection(List.copyOf(fields), List.copyOf(relations));
    }
}
