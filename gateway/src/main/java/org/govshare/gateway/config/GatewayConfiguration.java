package org.govshare.gateway.config;

import jakarta.servlet.DispatcherType;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.govshare.connector.execution.SourceQueryExecutor;
import org.govshare.connector.execution.SourceQueryListener;
import org.govshare.connector.execution.SourceQueryObserver;
import org.govshare.connector.source.ProcessorSlots;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.demo.DemoDataLoader;
import org.govshare.gateway.read.Cursors;
import org.govshare.gateway.read.DocumentCache;
import org.govshare.gateway.read.LiteralLifting;
import org.govshare.gateway.read.LiteralLiftingInterceptor;
import org.govshare.gateway.settings.GovshareProperties;
import org.govshare.gateway.web.ProcessorAdmission;
import org.govshare.gateway.web.RequestBodyReader;
import org.govshare.gateway.web.RequestSizeLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Composes the sources (their pools live as long as the gateway), source execution, the request size limit and the
 * cursor key; the catalog and what is built from it are the live catalog's (see {@code catalog.CatalogConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /**
     * The one clock behind grant and policy expiry, quota days, audit timestamps and workflow deadlines: the system's
     * in UTC; tests replace it to move time instead of waiting for it.
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    SourceRegistry sourceRegistry(
            GovshareProperties properties,
            ObjectProvider<SourceRegistry.DataSourceDecorator> decorator,
            ObjectProvider<DemoDataLoader> demoData) {
        // The demo generator fills the embedded sources before the read-only pools open on them.
        demoData.ifAvailable(DemoDataLoader::load);
        SourceRegistry.DataSourceDecorator wrap = decorator.getIfAvailable(() -> (name, dataSource) -> dataSource);
        return SourceRegistry.open(properties.sourceSettings(), wrap);
    }

    @Bean
    SourceQueryExecutor sourceQueryExecutor(
            SourceRegistry sources,
            ObjectProvider<SourceQueryListener> listener,
            ObjectProvider<SourceQueryObserver> observer) {
        return new SourceQueryExecutor(
                sources,
                listener.getIfAvailable(() -> SourceQueryListener.NONE),
                observer.getIfAvailable(() -> SourceQueryObserver.NONE));
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

    /** So many API requests compute at once for each core the JVM sees (see {@link ProcessorSlots}). */
    @Bean
    ProcessorSlots processorSlots(@Value("${govshare.web.processor-slots-per-core:4}") int perCore) {
        if (perCore < 1) {
            throw new IllegalStateException("govshare.web.processor-slots-per-core must be at least 1");
        }
        return new ProcessorSlots(perCore * Runtime.getRuntime().availableProcessors());
    }

    /** Right after the body is in, on both dispatches: a burst beyond the slots queues here. */
    @Bean
    FilterRegistrationBean<ProcessorAdmission> processorAdmission(ProcessorSlots slots) {
        FilterRegistrationBean<ProcessorAdmission> registration =
                new FilterRegistrationBean<>(new ProcessorAdmission(slots));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 2);
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
        // Demo only (production does not start without a key): cursors are valid on this instance until it restarts.
        log.info("govshare.cursor-key is not set: page cursors are valid on this instance only");
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return new Cursors(generator.generateKey());
    }

    @Bean
    DocumentCache documentCache(GovshareProperties properties) {
        return new DocumentCache(properties.getDocumentCacheBytes());
    }

    /**
     * Literal values lifted into variables before the per-document caches, against the live catalog's full schema;
     * templates of at most 2 MB over all shapes (a few thousand shapes: clients repeat a few).
     */
    @Bean
    LiteralLiftingInterceptor literalLiftingInterceptor(ObjectProvider<LiveCatalog> live) {
        return new LiteralLiftingInterceptor(
                new LiteralLifting(() -> live.getObject().current().fullSchema(), 2L * 1024 * 1024));
    }
}
