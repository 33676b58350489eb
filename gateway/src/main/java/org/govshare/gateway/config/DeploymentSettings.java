package org.govshare.gateway.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.govshare.gateway.settings.GovshareProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Decides, before anything starts, whether the settings allow a deployment: without the {@code demo} profile the
 * gateway is in production and needs its issuer (issuer URI or JWK set URI, and the audience), a durable control
 * plane, the audit key, the cursor key, at least one source and the catalog's location, and nothing of the demo; the
 * demo profile brings its own issuer and takes no other. Every missing or invalid setting is listed in one
 * {@link DeploymentSettingsException}, with what to set, so an operator fixes them in one pass.
 */
public final class DeploymentSettings implements EnvironmentPostProcessor, Ordered {
    /** The profile that runs the demo: embedded sources, generated data, the demo issuer, users and grants. */
    public static final String DEMO = "demo";

    @Override
    public int getOrder() {
        // After the configuration files and the command line are read.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!isGateway(application)) {
            // Registered for every Spring Boot application with this jar on its class path (spring.factories): an
            // application of another package (a benchmark's bare endpoint, a tool) is not the gateway.
            return;
        }
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new DeploymentSettingsException(isDemo(environment), problems);
        }
    }

    /** Whether {@code application} is the gateway: one of its sources is a class of the gateway's packages. */
    static boolean isGateway(SpringApplication application) {
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> type && (type.getPackageName() + ".").startsWith(GATEWAY_PACKAGE + ".")) {
                return true;
            }
        }
        return false;
    }

    private static final String GATEWAY_PACKAGE = "org.govshare.gateway";

    public static boolean isDemo(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(DEMO));
    }

    /** Every missing or invalid setting, each with what to set. */
    static List<String> problems(Environment environment) {
        return isDemo(environment) ? demoProblems(environment) : productionProblems(environment);
    }

    private static List<String> demoProblems(Environment environment) {
        List<String> problems = new ArrayList<>();
        if (set(environment, "govshare.security.issuer-uri") || set(environment, "govshare.security.jwk-set-uri")) {
            problems.add("govshare.security.issuer-uri / jwk-set-uri: the demo profile has its own token issuer (demo"
                    + " clients whose secrets are public) and trusts no other; one issuer only. Remove these settings"
                    + " to run the demo, or run without the demo profile to trust your issuer");
        }
        return problems;
    }

    private static List<String> productionProblems(Environment environment) {
        List<String> problems = new ArrayList<>();
        String issuer = environment.getProperty("govshare.security.issuer-uri");
        String keys = environment.getProperty("govshare.security.jwk-set-uri");
        if (blank(issuer) && blank(keys)) {
            problems.add("govshare.security.issuer-uri or govshare.security.jwk-set-uri: the token issuer the gateway"
                    + " trusts is not set. Set issuer-uri to the issuer's identifier (tokens must carry it as iss; its"
                    + " keys are found by OpenID/OAuth discovery), and/or jwk-set-uri to where it publishes its keys");
        }
        issuerUri("govshare.security.issuer-uri", issuer, problems);
        issuerUri("govshare.security.jwk-set-uri", keys, problems);
        if (blank(environment.getProperty("govshare.security.audience"))) {
            problems.add("govshare.security.audience: the audience the gateway's tokens must name (aud) is not set;"
                    + " set the audience your issuer puts in tokens for this gateway");
        }
        String controlPlane = environment.getProperty("spring.datasource.url");
        if (blank(controlPlane)) {
            problems.add("spring.datasource.url: the control plane (grants, policy versions, catalog versions, the"
                    + " audit trail) is not set; set the JDBC URL of a PostgreSQL database (with username and"
                    + " password) that every instance shares");
        } else if (controlPlane.startsWith("jdbc:h2:mem:")) {
            problems.add("spring.datasource.url: " + controlPlane + " is an in-memory database; the control plane"
                    + " keeps the grants and the audit trail and must outlive the process: set a durable database");
        }
        key("govshare.audit.key", environment.getProperty("govshare.audit.key"), List.of(32), true, problems);
        key(
                "govshare.cursor-key",
                environment.getProperty("govshare.cursor-key"),
                List.of(16, 24, 32),
                false,
                problems);
        Map<String, GovshareProperties.Source> sources = Binder.get(environment)
                .bind("govshare.sources", Bindable.mapOf(String.class, GovshareProperties.Source.class))
                .orElse(new LinkedHashMap<>());
        if (sources.isEmpty()) {
            problems.add("govshare.sources: no source is configured; set govshare.sources.<name>.url (and username,"
                    + " password) for each department database the catalog binds");
        }
        sources.forEach((name, source) -> {
            if (blank(source.getUrl())) {
                problems.add("govshare.sources." + name + ".url: source " + name + " has no JDBC URL");
            }
        });
        if (blank(environment.getProperty("govshare.catalog.location"))) {
            problems.add("govshare.catalog.location: the catalog is not set; name the folder (or files) of your"
                    + " catalog's SDL, on the file system or classpath: (the built-in catalog is the demo's)");
        }
        if (environment.getProperty("govshare.demo.generate", Boolean.class, false)) {
            problems.add("govshare.demo.generate: the demo data generator runs in the demo profile only; remove it");
        }
        String migrations = environment.getProperty("spring.flyway.locations", "");
        if (migrations.contains("db/demo")) {
            problems.add("spring.flyway.locations: classpath:db/demo holds the demo grants, for the demo profile"
                    + " only; remove it (load your grants with importGrants)");
        }
        return problems;
    }

    private static void issuerUri(String setting, @Nullable String value, List<String> problems) {
        if (blank(value)) {
            return;
        }
        try {
            URI uri = new URI(value);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !(scheme.equals("http") && loopback(uri.getHost()))) {
                problems.add(setting + ": " + value + " must be an https URL (plain http only on this machine's"
                        + " loopback address): keys fetched over an open network could be replaced");
            }
        } catch (URISyntaxException e) {
            problems.add(setting + ": " + value + " is not a URL");
        }
    }

    private static boolean loopback(@Nullable String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            // Only literal addresses: a name is never resolved here.
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void key(
            String setting, @Nullable String value, List<Integer> lengths, boolean atLeast, List<String> problems) {
        String wanted = atLeast
                ? "at least " + lengths.get(0) + " random bytes"
                : lengths.stream()
                                .map(String::valueOf)
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("") + " random bytes";
        if (blank(value)) {
            problems.add(setting + ": not set; set the Base64 of " + wanted + " (e.g. openssl rand -base64 "
                    + lengths.get(lengths.size() - 1) + "), the same on every instance, kept secret");
            return;
        }
        try {
            int length = Base64.getDecoder().decode(value.strip()).length;
            boolean fits = atLeast ? length >= lengths.get(0) : lengths.contains(length);
            if (!fits) {
                problems.add(setting + ": holds " + length + " bytes; set the Base64 of " + wanted);
            }
        } catch (IllegalArgumentException e) {
            problems.add(setting + ": not Base64; set the Base64 of " + wanted);
        }
    }

    private static boolean set(Environment environment, String setting) {
        return !blank(environment.getProperty(setting));
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
