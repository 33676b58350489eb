package org.govshare.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.govshare.gateway.settings.GovshareProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Which settings let the gateway start: production needs all of its own and none of the demo's; the demo no issuer. */
class DeploymentSettingsTest {
    private static final String AUDIT_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String CURSOR_KEY = Base64.getEncoder().encodeToString(new byte[16]);

    private static MockEnvironment production() {
        return new MockEnvironment()
                .withProperty("govshare.security.issuer-uri", "https://id.example.gov.cn/realms/share")
                .withProperty("govshare.security.audience", "govshare-gateway")
                .withProperty("spring.datasource.url", "jdbc:postgresql://control/govshare")
                .withProperty("govshare.audit.key", AUDIT_KEY)
                .withProperty("govshare.cursor-key", CURSOR_KEY)
                .withProperty("govshare.sources.civil.url", "jdbc:postgresql://civil/civil")
                .withProperty("govshare.catalog.location", "/etc/govshare/catalog");
    }

    @Test
    void theCheckIsTheGatewaysAloneNotEveryApplicationWithItsJar() {
        // No setting at all: the gateway is refused, an application of another package is let be.
        DeploymentSettings settings = new DeploymentSettings();
        org.springframework.boot.SpringApplication gateway =
                new org.springframework.boot.SpringApplication(org.govshare.gateway.GovshareApplication.class);
        org.springframework.boot.SpringApplication other = new org.springframework.boot.SpringApplication(Object.class);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> settings.postProcessEnvironment(new MockEnvironment(), gateway))
                .isInstanceOf(DeploymentSettingsException.class);
        settings.postProcessEnvironment(new MockEnvironment(), other);
        assertThat(DeploymentSettings.isGateway(other)).isFalse();
    }

    @Test
    void aCompleteProductionConfigurationStarts() {
        assertThat(DeploymentSettings.problems(production())).isEmpty();
    }

    @Test
    void theExampleConfigurationOfTheDocsIsComplete() throws java.io.IOException {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("GOVSHARE_CONTROL_PASSWORD", "secret")
                .withProperty("GOVSHARE_CIVIL_PASSWORD", "secret")
                .withProperty("GOVSHARE_EDUCATION_PASSWORD", "secret")
                .withProperty("GOVSHARE_AUDIT_KEY", AUDIT_KEY)
                .withProperty("GOVSHARE_CURSOR_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("example", new org.springframework.core.io.FileSystemResource("../docs/examples/application.yml"))
                .forEach(source -> environment.getPropertySources().addFirst(source));

        assertThat(DeploymentSettings.problems(environment)).isEmpty();
        GovshareProperties bound = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("govshare", GovshareProperties.class)
                .get();
        assertThat(bound.sourceSettings())
                .extracting(org.govshare.connector.source.SourceSettings::name)
                .containsExactly("civil", "education");
        assertThat(bound.getCatalog().getLocation()).isEqualTo("/etc/govshare/catalog");
    }

    @Test
    void withoutAnyConfigurationEverySettingIsListedAtOnce() {
        List<String> problems = DeploymentSettings.problems(new MockEnvironment());

        assertThat(problems)
                .extracting(problem -> problem.substring(0, problem.indexOf(':')))
                .containsExactly(
                        "govshare.security.issuer-uri or govshare.security.jwk-set-uri",
                        "govshare.security.audience",
                        "spring.datasource.url",
                        "govshare.audit.key",
                        "govshare.cursor-key",
                        "govshare.sources",
                        "govshare.catalog.location");
        assertThat(problems).allSatisfy(problem -> assertThat(problem).containsPattern("[Ss]et|name"));
    }

    @Test
    void refusesWeakOrFleetingSettingsAndTheDemosLeftovers() {
        MockEnvironment environment = production()
                .withProperty("govshare.security.jwk-set-uri", "http://keys.example.gov.cn/jwks")
                .withProperty("spring.datasource.url", "jdbc:h2:mem:control")
                .withProperty("govshare.audit.key", Base64.getEncoder().encodeToString(new byte[16]))
                .withProperty("govshare.cursor-key", "not base64!")
                .withProperty("govshare.sources.tax.username", "gateway")
                .withProperty("govshare.demo.generate", "true")
                .withProperty("spring.flyway.locations", "classpath:db/migration/policy,classpath:db/demo");

        assertThat(DeploymentSettings.problems(environment))
                .satisfiesExactly(
                        problem -> assertThat(problem).startsWith("govshare.security.jwk-set-uri: http:"),
                        problem -> assertThat(problem)
                                .startsWith("spring.datasource.url:")
                                .contains("in-memory"),
                        problem -> assertThat(problem).startsWith("govshare.audit.key: holds 16 bytes"),
                        problem -> assertThat(problem).startsWith("govshare.cursor-key: not Base64"),
                        problem -> assertThat(problem).startsWith("govshare.sources.tax.url:"),
                        problem -> assertThat(problem).startsWith("govshare.demo.generate:"),
                        problem -> assertThat(problem).startsWith("spring.flyway.locations:"));
    }

    @Test
    void plainHttpKeysAreAcceptedOnlyFromThisMachine() {
        assertThat(DeploymentSettings.problems(
                        production().withProperty("govshare.security.jwk-set-uri", "http://127.0.0.1:8443/jwks")))
                .isEmpty();
        assertThat(DeploymentSettings.problems(
                        production().withProperty("govshare.security.issuer-uri", "http://localhost.example/")))
                .hasSize(1);
    }

    @Test
    void theDemoTrustsNoIssuerButItsOwn() {
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(DeploymentSettings.problems(demo)).isEmpty();

        demo.setProperty("govshare.security.jwk-set-uri", "https://id.example.gov.cn/jwks");

        assertThat(DeploymentSettings.problems(demo)).singleElement().asString().contains("one issuer only");
    }
}
