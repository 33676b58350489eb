package org.govshare.gateway.config;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.execution.SourceQueryListener;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.PlanCache;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.demo.DemoDataLoader;
import org.govshare.gateway.read.CatalogDataFetchers;
import org.govshare.gateway.read.Cursors;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.gateway.web.RequestBodyReader;
import org.govshare.gateway.web.RequestSizeLimit;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogBindingCheck;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.CatalogType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.execution.BatchLoaderRegistry;

/** Composes catalog, sources, plan cache and the GraphQL wiring; a catalog or source defect stops start-up here. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

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

    /**
     * Plans one key lookup per catalog type at start-up. The first plan on a source loads Calcite and sets up its
     * planning context (a second or more); doing it here keeps that off the first caller's request. Plans only: no
     * source is queried.
     */
    @Bean
    ApplicationRunner planWarmUp(Catalog catalog, PlanCache plans) {
        return arguments -> {
            long started = System.nanoTime();
            for (CatalogType type : catalog.types().values()) {
                plans.plan(new KeyLookupShape(
                        type.name(),
                        type.keyFields(),
                        List.of(),
                        type.keyFields(),
                        1,
                        List.of(),
                        List.of(),
                        List.of()));
            }
            log.info(
                    "planned {} warm-up shapes in {} ms",
                    catalog.types().size(),
                    (System.nanoTime() - started) / 1_000_000);
        };
    }

    @Bean
    SourceQueryExecutor sourceQueryExecutor(
            SourceRegistry sources,
            ObjectProvider<SourceQueryListener> listener,
            ObjectProvider<ObservationRegistry> observations) {
        return new SourceQueryExecutor(
                sources,
                listener.getIfAvailable(() -> SourceQueryListener.NONE),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** Runs before Spring Security, so an oversized body is refused before any work is done for it. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(
            @Value("${govshare.web.maximum-body-size:262144}") long maximumBytes) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(maximumBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Right after Spring Security (so the body of a request without a valid token is never read), on the request's
     * first dispatch and on the asynchronous one that continues it once its body is in.
     */
    @Bean
    FilterRegistrationBean<RequestBodyReader> requestBodyReader(
            @Value("${govshare.web.maximum-body-size:262144}") long maximumBytes,
            @Value("${govshare.web.body-deadline:PT10S}") Duration deadline,
            @Value("${govshare.web.body-buffer-bytes:67108864}") long bufferBytes) {
        FilterRegistrationBean<RequestBodyReader> registration =
                new FilterRegistrationBean<>(new RequestBodyReader(maximumBytes, deadline, bufferBytes));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    Cursors cursors(GovshareProperties properties) throws NoSuchAlgorithmException {
        String configured = properties.getCursorKey();
        if (configured != null && !configured.isBlank()) {
            return new Cursors(new SecretKeySpec(Base64.getDecoder().decode(configured), "AES"));
        }
        // Without a configured key, cursors are valid only on this instance until it restarts.
        log.info("govshare.cursor-key is not set: page cursors are valid on this instance only");
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return new Cursors(generator.generateKey());
    }

    @Bean
    CatalogDataFetchers catalogDataFetchers(
            Catalog catalog,
            PlanCache plans,
            SourceQueryExecutor executor,
            BatchLoaderRegistry loaders,
            Cursors cursors) {
        CatalogDataFetchers fetchers = new CatalogDataFetchers(catalog, plans, executor, cursors);
        fetchers.registerLoaders(loaders);
        return fetchers;
    }

    /**
     * The whole schema: the public SDL (catalog directives stripped) and the workflow's fields. Requests never run on
     * it directly: each runs on its caller's view of it ({@code PerCallerGraphQlService}), whose documents are cached
     * in the {@link DocumentCache}.
     */
    @Bean
    GraphQlSourceBuilderCustomizer catalogSchema(Catalog catalog) {
        return builder -> builder.schemaResources(
                new ByteArrayResource(catalog.publicSdl().getBytes(StandardCharsets.UTF_8), "govshare catalog"),
                new ClassPathResource("workflow/types.graphqls"),
                new ClassPathResource("workflow/workflow.graphqls"));
    }

    @Bean
    DocumentCache documentCache(GovshareProperties properties) {
        return new DocumentCache(properties.getDocumentCacheBytes());
    }
}
