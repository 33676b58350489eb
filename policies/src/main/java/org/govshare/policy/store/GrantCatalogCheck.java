package org.govshare.policy.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.ClaimBinding;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.Grant;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogField;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.LookupField;
import org.govshare.schema.catalog.PageField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.ShareType;
import org.govshare.schema.catalog.VerifyField;

/**
 * What a grant names that the catalog does not have, or may not share: a field or root field it does not define, a
 * {@code NOT_SHARED} item, a mask, row filter or claim binding on something that is not a column. An import refuses a grant with any
 * of these; a catalog reload reports the grants the new catalog leaves with them, which then allow nothing more.
 */
public final class GrantCatalogCheck {
    /** One problem of one grant with one field coordinate. */
    public record Problem(String grantId, String field, String problem) {
        public Problem {
            requireNonNull(grantId, "grantId is null");
            requireNonNull(field, "field is null");
            requireNonNull(problem, "problem is null");
        }

        @Override
        public String toString() {
            return "grant " + grantId + ": " + field + " " + problem;
        }
    }

    private GrantCatalogCheck() {}

    /** The problems of every grant, in grant order. */
    public static List<Problem> problems(Catalog catalog, List<Grant> grants) {
        List<Problem> problems = new ArrayList<>();
        grants.forEach(grant -> problems.addAll(problems(catalog, grant)));
        return problems;
    }

    public static List<Problem> problems(Catalog catalog, Grant grant) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<FieldCoordinate, Access> field : grant.fields().entrySet()) {
            String problem = fieldProblem(catalog, field.getKey());
            if (problem != null) {
                problems.add(new Problem(grant.id(), field.getKey().toString(), problem));
            }
        }
        for (Map.Entry<FieldCoordinate, MaskKind> mask : grant.masks().entrySet()) {
            if (!(catalogField(catalog, mask.getKey()) instanceof ColumnField)) {
                problems.add(new Problem(grant.id(), mask.getKey().toString(), "is masked but is not a column field"));
            }
        }
        for (ClaimBinding binding : grant.claimBindings()) {
            if (!(catalogField(catalog, binding.field()) instanceof ColumnField)) {
                problems.add(new Problem(
                        grant.id(),
                        binding.field().toString(),
                        "binds claims but is not a column field of the catalog"));
            }
        }
        for (RowFilter filter : grant.rowFilters()) {
            if (!(catalogField(catalog, filter.field()) instanceof ColumnField)) {
                problems.add(new Problem(
                        grant.id(),
                        filter.field().toString(),
                        "filters rows but is not a column field of the catalog"));
            }
        }
        return problems;
    }

    private static @org.jspecify.annotations.Nullable String fieldProblem(Catalog catalog, FieldCoordinate field) {
        if (field.type().equals("Query")) {
            RootField root = catalog.rootFields().get(field.field());
            return root instanceof LookupField || root instanceof PageField || root instanceof VerifyField
                    ? null
                    : "is not a lookup, listing or verification of the catalog";
        }
        CatalogField catalogField = catalogField(catalog, field);
        if (catalogField == null) {
            return "is not in the catalog";
        }
        if (catalogField.sharing().shareType() == ShareType.NOT_SHARED) {
            return "is NOT_SHARED and cannot be granted ("
                    + catalogField.sharing().legalBasis().orElse("no legal basis given") + ")";
        }
        return null;
    }

    private static @org.jspecify.annotations.Nullable CatalogField catalogField(
            Catalog catalog, FieldCoordinate field) {
        return catalog.type(field.type())
                .flatMap((CatalogType type) -> type.field(field.field()))
                .orElse(null);
    }
}
