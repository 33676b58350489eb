package org.govshare.gateway.testing;

import com.nimbusds.jose.jwk.source.JWKSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.govshare.gateway.GovshareApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway instance started in the test JVM with its own context, port and demo issuer key, for tests that run
 * several instances side by side. Instances of one {@link Deployment} share their sources and control plane (fresh
 * embedded databases of the deployment's own) and whatever else the arguments give them (Redis).
 */
public final class GatewayInstance implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Embedded databases of one deployment: its instances see the same sources and control plane. */
    public static final class Deployment {
        private final String name = "deployment-" + UUID.randomUUID();
        private boolean generated;
        private String controlPlane = "jdbc:h2:mem:" + name + "-control;DB_CLOSE_DELAY=-1";

        /** Instances started after this keep their grants and audit trail at {@code jdbcUrl} (credentials in it). */
        public Deployment onControlPlane(String jdbcUrl) {
            this.controlPlane = jdbcUrl;
            return this;
        }

        /** The JDBC URL of one of the deployment's embedded sources (user {@code sa}, no password). */
        public String sourceUrl(String source) {
            return "jdbc:h2:mem:" + name + "-" + source + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        }

        /** Starts an instance with these extra {@code --name=value} arguments; the first one generates the data. */
        public GatewayInstance start(String... arguments) {
            return startWith(List.of(), arguments);
        }

        /** Starts an instance with these beans of the test's (e.g. a source decorator) beside its own. */
        public GatewayInstance startWith(List<Object> beans, String... arguments) {
            List<String> all = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--spring.profiles.active=demo",
                    "--spring.main.banner-mode=off",
                    "--govshare.demo.residents=1000",
                    "--govshare.demo.generate=" + !generated,
                    "--spring.datasource.url=" + controlPlane,
                    "--" + TestSupport.TEST_GRANTS));
            for (String source : List.of("police", "hrss", "tax", "medical", "market")) {
                all.add("--govshare.sources." + source + ".url=" + sourceUrl(source));
            }
            all.addAll(List.of(arguments));
            generated = true;
            return new GatewayInstance(new SpringApplicationBuilder(GovshareApplication.class)
                    .initializers(context -> beans.forEach(bean -> context.getBeanFactory()
                            .registerSingleton(bean.getClass().getName(), bean)))
                    .run(all.toArray(String[]::new)));
        }
    }

    /** A bean of this instance's context. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A token for {@code consumer} signed by this instance's demo issuer. */
    @SuppressWarnings("unchecked")
    public String token(String consumer) {
        return TestTokens.signed(context.getBean(JWKSource.class), consumer);
    }

    public GraphQlHttpClient client(String consumer, String purpose) {
        return GraphQlHttpClient.of(port(), token(consumer), purpose);
    }

    @Override
    public void close() {
        context.close();
    }
}
