package org.govshare.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module split of the design, checked on the compiled classes: {@code connectors} and {@code policies} never
 * import each other, the gateway or Spring, and none of them has a cycle among its packages (the gateway included:
 * each concern has one home, and what several stages share lives in leaf packages such as {@code request},
 * {@code settings} and {@code redis}).
 */
@AnalyzeClasses(packages = "org.govshare", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CONNECTORS = "org.govshare.connector..";
    private static final String POLICIES = "org.govshare.policy..";

    @ArchTest
    static final ArchRule connectorsNeverImportPolicies = noClasses()
            .that()
            .resideInAPackage(CONNECTORS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(POLICIES)
            .because("connectors are blind to access control: row filters and masks reach them as data");

    @ArchTest
    static final ArchRule policiesNeverImportConnectors = noClasses()
            .that()
            .resideInAPackage(POLICIES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CONNECTORS)
            .because("the decision is made on the request's shape, never on how a source is queried");

    @ArchTest
    static final ArchRule connectorsAndPoliciesStayOutsideTheGatewayAndSpring = noClasses()
            .that()
            .resideInAnyPackage(CONNECTORS, POLICIES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.govshare.gateway..", "org.springframework..")
            .because("the gateway composes them, not the other way round");

    @ArchTest
    static final ArchRule connectorPackagesHaveNoCycle =
            slices().matching("org.govshare.connector.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule policyPackagesHaveNoCycle =
            slices().matching("org.govshare.policy.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule gatewayPackagesHaveNoCycle = slices().matching("org.govshare.gateway.(*)..")
            .should()
            .beFreeOfCycles()
            .because("a package that depends on itself through others cannot be understood, tested or moved alone");

    @ArchTest
    static final ArchRule nothingImportsTheWiring = noClasses()
            .that()
            .resideOutsideOfPackage("org.govshare.gateway.config..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.govshare.gateway.config..")
            .because("the wiring composes the concerns; a concern that needs it would bring the whole gateway along");
}
