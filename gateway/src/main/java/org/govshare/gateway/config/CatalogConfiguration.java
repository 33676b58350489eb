package org.govshare.gateway.config;

import graphql.execution.instrumentation.Instrumentation;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.access.AccessDecisionInstrumentation;
import org.govshare.gateway.access.PolicyService;
import org.govshare.gateway.catalog.CatalogBuild;
import org.govshare.gateway.catalog.CatalogExecutionService;
import org.govshare.gateway.catalog.CatalogLocation;
import org.govshare.gateway.catalog.CatalogReloads;
import org.govshare.gateway.catalog.CatalogStore;
import org.govshare.gateway.catalog.CurrentGraphQlSource;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.read.Cursors;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.request.AdministrativeRecorder;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.verification.VerificationFetchers;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.schema.catalog.Catalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires the live catalog: its location and store, how a version is checked and built, the version served from
 * start-up (a catalog defect stops start-up here, naming every problem), reloads and how every instance follows them,
 * and the data API's execution on the version each request starts on.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    @Bean
    CatalogLocation catalogLocation(GovshareProperties properties, ResourceLoader resources) {
        return new CatalogLocation(
                properties.getCatalog().getLocation(), ResourcePatternUtils.getResourcePatternResolver(resources));
    }

    @Bean
    @DependsOnDatabaseInitialization
    CatalogStore catalogStore(DataSource controlPlane, Clock clock) {
        return new CatalogStore(controlPlane, clock);
    }

    @Bean
    CatalogBuild catalogBuild(
            SourceRegistry sources,
            SourceQueryExecutor executor,
            Cursors cursors,
            PolicyService policies,
            VerificationFetchers.Factory verification,
            Function<Catalog, AccessDecisionInstrumentation> decisions,
            ObjectProvider<DataFetcherExceptionResolver> resolvers,
            ObjectProvider<Instrumentation> instrumentations,
            ObjectProvider<RuntimeWiringConfigurer> wiring,
            BatchLoaderRegistry loaders,
            DocumentCache documents,
            GovshareProperties properties) {
        return new CatalogBuild(new CatalogBuild.Parts(
                sources,
                executor,
                cursors,
                policies,
                verification,
                decisions,
                resolvers.orderedStream().toList(),
                instrumentations.orderedStream().toList(),
                wiring.orderedStream().toList(),
                loaders,
                documents,
                properties.getPlanCacheSize()));
    }

    @Bean
    LiveCatalog liveCatalog(CatalogBuild build, CatalogStore store, CatalogLocation location) throws SQLException {
        return new LiveCatalog(CatalogReloads.start(
                build, store, location, ManagementFactory.getRuntimeMXBean().getName()));
    }

    @Bean(destroyMethod = "close")
    CatalogReloads catalogReloads(
            LiveCatalog live,
            CatalogBuild build,
            CatalogStore store,
            CatalogLocation location,
            JdbcPolicyAdministration grants,
            AdministrativeRecorder audit,
            ObjectProvider<SharedRedis> redis,
            GovshareProperties properties,
            Clock clock) {
        return new CatalogReloads(
                live,
                build,
                store,
                location,
                grants,
                audit,
                clock,
                redis.getIfAvailable(),
                properties.getQuotas().getRedisKeyPrefix());
    }

    @Bean
    CatalogRefresher catalogRefresher(CatalogReloads reloads) {
        return new CatalogRefresher(reloads);
    }

    @Bean
    ExecutionGraphQlService catalogExecution(LiveCatalog live) {
        return new CatalogExecutionService(live);
    }

    @Bean
    GraphQlSource currentGraphQlSource(LiveCatalog live) {
        return new CurrentGraphQlSource(live);
    }

    /**
     * Spring for GraphQL's auto-configuration runs when an application has a schema: this one's is the catalog's,
     * built per version (see {@link CatalogBuild}), so nothing is left to customise.
     */
    @Bean
    GraphQlSourceBuilderCustomizer catalogSchema() {
        return builder -> {};
    }

    /** Serves a newer recorded catalog version every {@code govshare.catalog.refresh}, should its announcement be lost. */
    static final class CatalogRefresher {
        private final CatalogReloads reloads;

        CatalogRefresher(CatalogReloads reloads) {
            this.reloads = reloads;
        }

        @Scheduled(fixedDelayString = "${govshare.catalog.refresh:PT5S}")
        void refresh() {
            reloads.adoptNewest();
        }
    }
}
