package org.govshare.gateway.admin;

import graphql.execution.instrumentation.Instrumentation;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.DocumentLimits;
import org.govshare.gateway.access.ExecutionDeadline;
import org.govshare.gateway.access.PolicyChanges;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.audit.AuditTrail;
import org.govshare.gateway.catalog.CatalogReloads;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.ErrorCodeResolver;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.job.JobStore;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.web.GraphQlHttpConfiguration;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.policy.workflow.Corrections;
import org.govshare.policy.workflow.ShareRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ExecutionGraphQlRequest;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.data.method.HandlerMethodArgumentResolver;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /admin/graphql}: the admin API's own schema ({@code admin/admin.graphqls}) served by Spring for GraphQL
 * through the same chain as the data API. The same {@link WebGraphQlInterceptor} beans (caller, audit, quotas' retry
 * header, error shaping), the same HTTP endpoint ({@link GraphQlHttpConfiguration#endpoint}: body reading, statuses,
 * media types), the same document limits and deadline and the same exception resolver; then
 * {@link AdminAuthorization} decides on every root field before anything runs. The annotated controllers are
 * {@link AdminController}s, found by this schema only.
 */
@Configuration(proxyBeanMethods = false)
public class AdminGraphQlConfiguration {
    static final String PATH = "/admin/graphql";

    @Bean
    AdminQueries adminQueries(AuditTrail trail, SubjectDigests digests, LiveCatalog live) {
        return new AdminQueries(trail, digests, live);
    }

    @Bean
    AdminJobs adminJobs(JobStore store, LiveCatalog live) {
        return new AdminJobs(store, live);
    }

    @Bean
    AdminWorkflow adminWorkflow(
            LiveCatalog live,
            ShareRequests requests,
            Corrections corrections,
            JdbcPolicyAdministration administration,
            PolicyService policies,
            PolicyChanges changes,
            AuditTrail trail) {
        return new AdminWorkflow(live, requests, corrections, administration, policies, changes, trail);
    }

    @Bean
    AdminDeployment adminDeployment(LiveCatalog live, CatalogReloads reloads, GrantBaseline baseline) {
        return new AdminDeployment(live, reloads, baseline);
    }

    @Bean
    RouterFunction<ServerResponse> adminGraphQlRoutes(
            ApplicationContext context,
            ErrorCodeResolver errors,
            DocumentLimits limits,
            ExecutionDeadline deadline,
            ObjectProvider<WebGraphQlInterceptor> interceptors,
            JsonMapper json) {
        GraphQlSource source = source(context, errors, limits, deadline);
        WebGraphQlHandler handler = WebGraphQlHandler.builder(new AdminExecution(source))
                .interceptors(interceptors.orderedStream().toList())
                .build();
        return GraphQlHttpConfiguration.endpoint(PATH, handler, json);
    }

    /** The admin schema with the admin controllers' data fetchers, the data API's limits and error resolution. */
    static GraphQlSource source(
            ApplicationContext context, ErrorCodeResolver errors, DocumentLimits limits, ExecutionDeadline deadline) {
        return source(
                context,
                errors,
                limits,
                deadline,
                new ClassPathResource("admin/admin.graphqls"),
                new ClassPathResource("workflow/types.graphqls"));
    }

    /** The same over the given schema files (a test adds one). */
    static GraphQlSource source(
            ApplicationContext context,
            ErrorCodeResolver errors,
            DocumentLimits limits,
            ExecutionDeadline deadline,
            ClassPathResource... schema) {
        AnnotatedControllerConfigurer controllers = new AnnotatedControllerConfigurer();
        controllers.setControllerPredicate(type -> AnnotatedElementUtils.hasAnnotation(type, AdminController.class));
        controllers.addCustomArgumentResolver(new CallerArgument());
        controllers.setApplicationContext(context);
        controllers.afterPropertiesSet();
        List<Instrumentation> instrumentations = List.of(deadline, limits, new AdminAuthorization());
        return GraphQlSource.schemaResourceBuilder()
                .schemaResources(schema)
                .configureRuntimeWiring(
                        wiring -> wiring.scalar(ExtendedScalars.DateTime).scalar(ExtendedScalars.GraphQLLong))
                .configureRuntimeWiring(controllers)
                .exceptionResolvers(List.of(controllers.getExceptionResolver(), errors))
                .instrumentation(instrumentations)
                .build();
    }

    /**
     * The admin schema's execution: marks the request's audit trace as the admin API's (its record names the subjects
     * its arguments name, and no catalog field) before graphql-java runs it.
     */
    private record AdminExecution(ExecutionGraphQlService service) implements ExecutionGraphQlService {
        AdminExecution(GraphQlSource source) {
            this(new DefaultExecutionGraphQlService(source));
        }

        @Override
        public Mono<ExecutionGraphQlResponse> execute(ExecutionGraphQlRequest request) {
            RequestRecord trace = RequestRecord.of(request.toExecutionInput().getGraphQLContext());
            if (trace != null) {
                trace.administrative();
            }
            return service.execute(request);
        }
    }

    /** A controller method's {@link Caller} parameter: the caller the caller interceptor put in the context. */
    private static final class CallerArgument implements HandlerMethodArgumentResolver {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, DataFetchingEnvironment environment) {
            Caller caller = environment.getGraphQlContext().get(Caller.class);
            if (caller == null) {
                throw new GovshareException(ErrorCode.UNAUTHENTICATED, "Authentication required");
            }
            return caller;
        }
    }
}
