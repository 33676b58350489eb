package org.govshare.gateway.config;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.govshare.connector.source.ProcessorSlots;
import org.govshare.connector.source.Source;
import org.govshare.connector.source.SourceRegistry;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.operations.EdgeSampler;
import org.govshare.gateway.operations.GovshareMeters;
import org.govshare.gateway.operations.JitCutoffs;
import org.govshare.gateway.operations.RequestObservationInstrumentation;
import org.govshare.gateway.operations.SourceQueryMeters;
import org.govshare.gateway.operations.SourcesHealthIndicator;
import org.govshare.gateway.operations.TracedRequests;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.graphql.observation.DataFetcherObservationConvention;
import org.springframework.graphql.observation.ExecutionRequestObservationConvention;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

/**
 * Operability: the sources' health, and the gateway's own measures beside Spring Boot's ({@code http.server.requests},
 * JVM, pools): requests by outcome and code ({@code govshare.requests}), their latency by kind and outcome ({@code
 * govshare.request.duration}), source queries ({@code govshare.source.query}), quota refusals by kind ({@code
 * govshare.quota.refusals}) and the plan cache's hits and misses.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** Spring for GraphQL's request and field observations, without the one of data loader batches (see the class). */
    @Bean
    GraphQlObservationInstrumentation graphQlObservationInstrumentation(
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<ExecutionRequestObservationConvention> requests,
            ObjectProvider<DataFetcherObservationConvention> fields) {
        return new RequestObservationInstrumentation(
                observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                requests.getIfAvailable(),
                fields.getIfAvailable());
    }

    /** Which requests are traced is the gateway's draw, not the caller's (see the class). */
    @Bean
    Sampler edgeSampler(@Value("${management.tracing.sampling.probability:0.1}") double probability) {
        return EdgeSampler.of(probability);
    }

    /** The GraphQL request's observation only for sampled requests, where its span is the trace's. */
    @Bean
    TracedRequests tracedRequests(ObjectProvider<Tracer> tracer) {
        return new TracedRequests(tracer.getIfAvailable());
    }

    /** Not exported: the timers of observations made only for sampled requests would count a sample of them. */
    @Bean
    MeterFilter traceOnlyTimers() {
        return MeterFilter.deny(id -> TracedRequests.TRACE_ONLY.stream()
                .anyMatch(name -> id.getName().equals(name) || id.getName().startsWith(name + ".")));
    }

    /** Latency histograms of the gateway's own meters. */
    @Bean
    GovshareMeters govshareMeters() {
        return new GovshareMeters();
    }

    /** Each source statement's timer and statements under way, and its span where the request is sampled. */
    @Bean
    SourceQueryMeters sourceQueryMeters(MeterRegistry registry, ObjectProvider<Tracer> tracer) {
        return new SourceQueryMeters(registry, tracer.getIfAvailable());
    }

    @Bean
    SourcesHealthIndicator sourcesHealthIndicator(SourceRegistry sources) {
        return new SourcesHealthIndicator(sources);
    }

    /**
     * Each source's connection pool in the metrics ({@code hikaricp_connections_*{pool="source-<name>"}}) beside the
     * control plane's: the pools are the sources' own, not Spring beans, so Spring Boot does not bind them.
     */
    @Bean
    InitializingBean sourcePoolMetrics(SourceRegistry sources, MeterRegistry registry) {
        return () -> {
            MicrometerMetricsTrackerFactory metrics = new MicrometerMetricsTrackerFactory(registry);
            for (Source source : sources.all()) {
                if (source.dataSource().isWrapperFor(HikariDataSource.class)) {
                    source.dataSource().unwrap(HikariDataSource.class).setMetricsTrackerFactory(metrics);
                }
            }
        };
    }

    @Bean
    InitializingBean processorSlotMetrics(ProcessorSlots slots, MeterRegistry registry) {
        return () -> Gauge.builder("govshare.requests.queued", slots, ProcessorSlots::queued)
                .description("API requests waiting for a processor slot (govshare.web.processor-slots-per-core)")
                .register(registry);
    }

    @Bean
    InitializingBean planCacheMetrics(LiveCatalog live, MeterRegistry registry) {
        // Counted over every catalog version this instance has served, so the counters never go back.
        return () -> {
            FunctionCounter.builder("govshare.plan.cache.requests", live, catalog -> catalog.planStats()
                            .hitCount())
                    .tag("result", "hit")
                    .description("Source plans found in the plan cache")
                    .register(registry);
            FunctionCounter.builder("govshare.plan.cache.requests", live, catalog -> catalog.planStats()
                            .missCount())
                    .tag("result", "miss")
                    .description("Source plans compiled because no plan of the shape was cached")
                    .register(registry);
        };
    }

    /** In production, a start without the start command's recompilation cutoffs is named in the log (see the class). */
    @Bean
    InitializingBean jitCutoffsCheck(Environment environment) {
        return () -> {
            if (!DeploymentSettings.isDemo(environment)) {
                JitCutoffs.warnIfLow();
            }
        };
    }
}
