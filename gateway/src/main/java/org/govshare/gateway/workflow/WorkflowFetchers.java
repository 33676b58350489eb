package org.govshare.gateway.workflow;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaPrinter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.CallerSchemas;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.catalog.CatalogVersion;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.evaluation.PolicyDecider;
import org.govshare.policy.evaluation.Visibility;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.workflow.Actor;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequest;
import org.govshare.policy.workflow.ShareRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The consumer-facing workflow fields of {@code /graphql}: browse the catalog, apply for fields and follow the
 * answers, escalate a rejection, preview the schema a grant would give, report a suspected error. The caller is the
 * token's consumer; nothing here reads source data.
 */
public final class WorkflowFetchers implements RuntimeWiringConfigurer {
    /** A caller's schema as SDL: without the catalog's directives, which consumers never see. */
    private static final SchemaPrinter SDL = new SchemaPrinter(
            SchemaPrinter.Options.defaultOptions().includeDirectives(false).includeSchemaDefinition(false));

    private final ObjectProvider<LiveCatalog> live;
    private final ShareRequests requests;
    private final Corrections corrections;
    private final PolicyChanges changes;
    private final PolicyService policies;

    /** @param live the live catalog, found when first needed: it is built with these fetchers in its schema */
    public WorkflowFetchers(
            ObjectProvider<LiveCatalog> live,
            ShareRequests requests,
            Corrections corrections,
            PolicyChanges changes,
            PolicyService policies) {
        this.live = live;
        this.requests = requests;
        this.corrections = corrections;
        this.changes = changes;
        this.policies = policies;
    }

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.type("Query", type -> type.dataFetcher(
                        "catalog",
                        environment -> WorkflowViews.catalog(
                                version(environment).catalog(),
                                environment.getArgument("search"),
                                environment.getArgument("source"),
                                environment.getArgument("level"),
                                environment.getArgument("shareType")))
                .dataFetcher("myShareRequests", environment -> requests.ofConsumer(consumer(environment)).stream()
                        .map(WorkflowViews::shareRequest)
                        .toList())
                .dataFetcher("shareRequest", (DataFetcher<Object>)
                        environment -> requests.find(WorkflowInputs.id(environment.getArgument("id")))
                                .filter(request -> request.consumer().equals(consumer(environment)))
                                .map(WorkflowViews::shareRequest)
                                .orElse(null))
                .dataFetcher("schemaPreview", this::schemaPreview)
                // The schema this request runs on is the caller's own: printing it shows exactly what introspection
                // shows the caller, nothing more.
                .dataFetcher("mySchema", environment -> SDL.print(environment.getGraphQLSchema()))
                .dataFetcher("myCorrections", environment -> corrections.ofReporter(consumer(environment)).stream()
                        .map(WorkflowViews::correction)
                        .toList()));
        wiring.type("Mutation", type -> type.dataFetcher("submitShareRequest", this::submit)
                .dataFetcher(
                        "escalateShareRequest",
                        environment -> WorkflowViews.shareRequest(requests.escalate(
                                WorkflowInputs.id(environment.getArgument("id")),
                                WorkflowInputs.field(environment.getArgument("field")),
                                Actor.consumer(consumer(environment)),
                                environment.getArgument("reason"))))
                .dataFetcher("reportCorrection", environment -> {
                    Map<String, Object> report = environment.getArgument("report");
                    String consumer = consumer(environment);
                    return WorkflowViews.correction(corrections.report(
                            consumer,
                            // Fields of any active grant of the reporter, whatever purpose it declares now.
                            PolicyDecider.visibleFields(policies.current(), consumer, null, policies.now())
                                    .keySet(),
                            String.valueOf(report.get("type")),
                            String.valueOf(report.get("key")),
                            String.valueOf(report.get("field")),
                            String.valueOf(report.get("description"))));
                }));
    }

    private WorkflowViews.ShareRequestView submit(DataFetchingEnvironment environment) throws Exception {
        Map<String, Object> request = environment.getArgument("request");
        ShareRequest submitted = requests.submit(
                consumer(environment),
                new ShareRequests.Application(
                        String.valueOf(request.get("purpose")),
                        WorkflowInputs.requested(request.get("fields")),
                        String.valueOf(request.get("justification")),
                        ((Number) request.get("caseVolume")).intValue(),
                        ((Number) request.get("requestedDays")).intValue()));
        changes.changed();
        return WorkflowViews.shareRequest(submitted);
    }

    private String schemaPreview(DataFetchingEnvironment environment) {
        Map<FieldCoordinate, Access> fields = new LinkedHashMap<>();
        WorkflowInputs.requested(environment.getArgument("fields"))
                .forEach(field -> fields.merge(
                        field.field(), field.access(), (left, right) -> left == Access.READ ? left : right));
        CatalogVersion version = version(environment);
        return SDL.print(CallerSchemas.forFields(version.fullSchema(), version.catalog(), Visibility.of(fields)));
    }

    /** The catalog version the request runs on. */
    private CatalogVersion version(DataFetchingEnvironment environment) {
        return live.getObject().of(environment.getGraphQlContext());
    }

    private static String consumer(DataFetchingEnvironment environment) {
        Caller caller = environment.getGraphQlContext().get(Caller.class);
        if (caller == null) {
            throw new GovshareException(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        return caller.consumer();
    }
}
