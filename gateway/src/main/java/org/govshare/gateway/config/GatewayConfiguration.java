package org.govshare.gateway.config;

import java.nio.charset.StandardCharsets;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.execution.SourceQueryListener;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.demo.DemoDataLoader;
import org.govshare.gateway.read.CatalogDataFetchers;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogBindingCheck;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.graphql.execution.BatchLoaderRegistry;

/** Composes catalog, sources, plan cache and the GraphQL wiring; a catalog or source defect stops start-up here. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    Catalog catalog(GovshareProperties properties) {
        return new CatalogParser(properties.getSources().keySet()).parse(CatalogFile.builtIn());
    }

    @Bean(destroyMethod = "close")
    SourceRegistry sourceRegistry(
            Catalog catalog,
            GovshareProperties properties,
            ObjectProvider<SourceRegistry.DataSourceDecorator> decorator,
            ObjectProvider<DemoDataLoader> demoData) {
        // The demo generator fills the embedded sources before the read-only pools open on them.
        demoData.ifAvailable(DemoDataLoader::load);
        SourceRegistry.DataSourceDecorator wrap = decorator.getIfAvailable(() -> (name, dataSource) -> dataSource);
        SourceRegistry sources = SourceRegistry.open(properties.sourceSettings(), catalog.tablesBySource(), wrap);
        try {
            CatalogBindingCheck.verify(catalog, sources);
        } catch (RuntimeException e) {
            sources.close();
            throw e;
        }
        return sources;
    }

    @Bean
    PlanCache planCache(Catalog catalog, SourceRegistry sources, GovshareProperties properties) {
        return new PlanCache(catalog, sources, properties.getPlanCacheSize());
    }

    @Bean
    SourceQueryExecutor sourceQueryExecutor(SourceRegistry sources, ObjectProvider<SourceQueryListener> listener) {
        return new SourceQueryExecutor(sources, listener.getIfAvailable(() -> SourceQueryListener.NONE));
    }

    @Bean
    CatalogDataFetchers catalogDataFetchers(
            Catalog catalog, PlanCache plans, SourceQueryExecutor executor, BatchLoaderRegistry loaders) {
        CatalogDataFetchers fetchers = new CatalogDataFetchers(catalog, plans, executor);
        fetchers.registerLoaders(loaders);
        return fetchers;
    }

    @Bean
    GraphQlSourceBuilderCustomizer catalogSchema(Catalog catalog, GovshareProperties properties) {
        // The public SDL (catalog directives stripped) is the whole schema; no schema files are read from elsewhere.
        DocumentCache documents = new DocumentCache(properties.getDocumentCacheSize());
        return builder -> builder.schemaResources(
                        new ByteArrayResource(catalog.publicSdl().getBytes(StandardCharsets.UTF_8), "govshare catalog"))
                .configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(documents));
    }
}
