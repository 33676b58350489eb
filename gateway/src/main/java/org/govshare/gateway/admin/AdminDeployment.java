package org.govshare.gateway.admin;

import graphql.schema.DataFetchingEnvironment;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govshare.gateway.catalog.CatalogRecord;
import org.govshare.gateway.catalog.CatalogReloads;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.workflow.WorkflowInputs;
import org.govshare.policy.store.GrantCatalogCheck;

/**
 * The deployment part of the admin API: catalog versions and reloads, and grants as code (import and export of a
 * grants file). Reloads, imports and exports are the authority's; the versions are visible to stewards too.
 */
final class AdminDeployment {
    private final LiveCatalog live;
    private final CatalogReloads reloads;
    private final GrantBaseline baseline;

    AdminDeployment(LiveCatalog live, CatalogReloads reloads, GrantBaseline baseline) {
        this.live = live;
        this.reloads = reloads;
        this.baseline = baseline;
    }

    Object catalogVersions(DataFetchingEnvironment environment) {
        Integer limit = environment.getArgument("limit");
        return reloads.versions(limit == null ? 20 : Math.max(1, Math.min(limit, 1000))).stream()
                .map(this::version)
                .toList();
    }

    Object reloadCatalog(DataFetchingEnvironment environment) {
        AdminCaller caller = AdminQueries.requireAuthority(environment);
        CatalogReloads.Result result = reloads.reload(caller.subject(), reason(environment));
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("outcome", result.outcome().name());
        shown.put("version", version(result.serving()));
        shown.put("problems", result.problems());
        shown.put(
                "grantProblems",
                result.grantProblems().stream()
                        .map(AdminDeployment::grantProblem)
                        .toList());
        return shown;
    }

    Object importGrants(DataFetchingEnvironment environment) throws SQLException {
        AdminCaller caller = AdminQueries.requireAuthority(environment);
        String file = environment.getArgument("file");
        GrantBaseline.Imported imported = baseline.importFile(file, caller.subject(), reason(environment));
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("imported", imported.imported());
        shown.put("version", imported.version() == null ? null : AdminWorkflow.version(imported.version()));
        shown.put("changed", imported.changed());
        shown.put("unchanged", imported.unchanged());
        shown.put("problems", imported.problems());
        return shown;
    }

    Object exportGrants(DataFetchingEnvironment environment) throws SQLException {
        AdminCaller caller = AdminQueries.requireAuthority(environment);
        return baseline.export(environment.getArgument("consumer"), caller.subject());
    }

    private Map<String, Object> version(CatalogRecord record) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("version", record.version());
        shown.put("createdAt", record.createdAt().atOffset(ZoneOffset.UTC));
        shown.put("author", record.author());
        shown.put("reason", record.reason());
        shown.put("digest", record.digest());
        shown.put("files", List.copyOf(record.files()));
        shown.put("serving", live.current().number() == record.version());
        return shown;
    }

    private static Map<String, Object> grantProblem(GrantCatalogCheck.Problem problem) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("grantId", problem.grantId());
        shown.put("field", problem.field());
        shown.put("problem", problem.problem());
        return shown;
    }

    private static String reason(DataFetchingEnvironment environment) {
        String reason = environment.getArgument("reason");
        if (reason == null || reason.isBlank()) {
            throw WorkflowInputs.invalid("a change must state its reason");
        }
        return reason;
    }
}
