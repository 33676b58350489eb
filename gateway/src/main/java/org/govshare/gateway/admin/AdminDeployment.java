package org.govshare.gateway.admin;

import java.sql.SQLException;
import java.util.List;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.catalog.CatalogReloads;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.workflow.WorkflowInputs;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;

/**
 * The deployment part of the admin API: catalog versions and reloads, and grants as code (import and export of a
 * grants file). Who may use each field is declared in the schema ({@link AdminAuthorization}): reloads, imports and
 * exports are the authority's; the versions are visible to stewards too.
 */
@AdminController
final class AdminDeployment {
    private final LiveCatalog live;
    private final CatalogReloads reloads;
    private final GrantBaseline baseline;

    AdminDeployment(LiveCatalog live, CatalogReloads reloads, GrantBaseline baseline) {
        this.live = live;
        this.reloads = reloads;
        this.baseline = baseline;
    }

    @QueryMapping
    List<AdminViews.CatalogVersionInfo> catalogVersions(@Argument int limit) {
        long serving = live.current().number();
        return reloads.versions(Math.max(1, Math.min(limit, 1000))).stream()
                .map(record -> AdminViews.CatalogVersionInfo.of(record, serving))
                .toList();
    }

    @MutationMapping
    AdminViews.CatalogReload reloadCatalog(Caller caller, @Argument String reason) {
        CatalogReloads.Result result = reloads.reload(caller.consumer(), reason(reason));
        return new AdminViews.CatalogReload(
                result.outcome().name(),
                AdminViews.CatalogVersionInfo.of(
                        result.serving(), live.current().number()),
                result.problems(),
                result.grantProblems().stream().map(AdminViews.GrantProblem::of).toList());
    }

    @MutationMapping
    AdminViews.GrantImport importGrants(Caller caller, @Argument String file, @Argument String reason)
            throws SQLException {
        GrantBaseline.Imported imported = baseline.importFile(file, caller.consumer(), reason(reason));
        return new AdminViews.GrantImport(
                imported.imported(),
                imported.version() == null ? null : AdminViews.PolicyVersionInfo.of(imported.version()),
                imported.changed(),
                imported.unchanged(),
                imported.problems());
    }

    @QueryMapping
    String exportGrants(Caller caller, @Argument @Nullable String consumer) throws SQLException {
        return baseline.export(consumer, caller.consumer());
    }

    private static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw WorkflowInputs.invalid("a change must state its reason");
        }
        return reason;
    }
}
