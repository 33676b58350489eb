package org.govshare.gateway.catalog;

import static java.util.Objects.requireNonNull;

import graphql.schema.GraphQLSchema;
import java.util.List;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.source.SourceSchemas;
import org.govshare.gateway.access.Explainer;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.springframework.graphql.ExecutionGraphQlService;

/**
 * One version of the live catalog and everything built from it: the parsed catalog and its files, the Calcite
 * schemas and plan cache of its sources, the full GraphQL schema with its wiring, the per-caller execution service
 * (with its caller schemas and document caches) and the explainer. Immutable; a reload builds a new one and swaps it
 * in whole, so a request runs on one version from start to end.
 */
public record CatalogVersion(
        CatalogRecord record,
        Catalog catalog,
        List<CatalogFile> files,
        SourceSchemas schemas,
        PlanCache plans,
        GraphQLSchema fullSchema,
        ExecutionGraphQlService execution,
        Explainer explainer) {
    public CatalogVersion {
        requireNonNull(record, "record is null");
        requireNonNull(catalog, "catalog is null");
        files = List.copyOf(files);
        requireNonNull(schemas, "schemas is null");
        requireNonNull(plans, "plans is null");
        requireNonNull(fullSchema, "fullSchema is null");
        requireNonNull(execution, "execution is null");
        requireNonNull(explainer, "explainer is null");
    }

    public long number() {
        return record.version();
    }

    /** The same version under another record (the number the control plane gave it). */
    CatalogVersion recordedAs(CatalogRecord recorded) {
        return new CatalogVersion(recorded, catalog, files, schemas, plans, fullSchema, execution, explainer);
    }
}
