package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.govshare.policy.evaluation.Visibility;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.junit.jupiter.api.Test;

class CallerSchemasTest {
    private static final Catalog DEMO =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final GraphQLSchema FULL =
            UnExecutableSchemaGenerator.makeUnExecutableSchema(DEMO.publicDefinitions());
    /** The full schema as the gateway serves it: the catalog and fields of its own beside it (the workflow's). */
    private static final GraphQLSchema SERVED =
            UnExecutableSchemaGenerator.makeUnExecutableSchema(DEMO.publicDefinitions()
                    .merge(new SchemaParser().parse("extend type Query { myShareRequests: [String!]! }")));

    @Test
    void aCallerSeesTheFieldsItMayReadAndNoOther() {
        GraphQLSchema caller = CallerSchemas.forFields(
                FULL,
                DEMO,
                Visibility.of(Map.of(
                        FieldCoordinate.parse("Query.resident"), Access.READ,
                        FieldCoordinate.parse("Resident.name"), Access.READ,
                        FieldCoordinate.parse("Resident.address"), Access.VERIFY)));

        GraphQLObjectType resident = caller.getObjectType("Resident");
        assertThat(resident.getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("name");
        assertThat(caller.getQueryType().getFieldDefinition("residents")).isNull();
    }

    @Test
    void aNotSharedFieldIsReadByNobodyWhateverAGrantSays() {
        // A grant made before a reload declared balance NOT_SHARED still names it.
        GraphQLSchema caller = CallerSchemas.forFields(
                FULL,
                DEMO,
                Visibility.of(Map.of(
                        FieldCoordinate.parse("Query.resident"), Access.READ,
                        FieldCoordinate.parse("Resident.medicalInsurance"), Access.READ,
                        FieldCoordinate.parse("MedicalInsurance.plan"), Access.READ,
                        FieldCoordinate.parse("MedicalInsurance.balance"), Access.READ)));

        assertThat(caller.getObjectType("MedicalInsurance").getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("plan");
    }

    @Test
    void aGrantNamingARelationTheCatalogNoLongerHasStillCutsAValidSchema() {
        // The pension window's grant after a reload took Resident.pension out of the catalog.
        List<CatalogFile> files = CatalogFile.demo().stream()
                .map(file -> file.name().endsWith("police.graphqls")
                        ? new CatalogFile(
                                file.name(),
                                file.content()
                                        .replaceAll(
                                                "  \"养老保险 account[^\\n]*\\n  pension: PensionAccount[^\\n]*\\n[^\\n]*\\n",
                                                ""))
                        : file)
                .toList();
        Catalog withoutPension = new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(files);
        assertThat(withoutPension.requireType("Resident").field("pension")).isEmpty();
        GraphQLSchema full = UnExecutableSchemaGenerator.makeUnExecutableSchema(withoutPension.publicDefinitions());

        GraphQLSchema caller = CallerSchemas.forFields(
                full,
                withoutPension,
                Visibility.of(Map.ofEntries(
                        Map.entry(FieldCoordinate.parse("Query.resident"), Access.READ),
                        Map.entry(FieldCoordinate.parse("Query.verifyResident"), Access.VERIFY),
                        Map.entry(FieldCoordinate.parse("Resident.name"), Access.READ),
                        Map.entry(FieldCoordinate.parse("Resident.pension"), Access.READ),
                        Map.entry(FieldCoordinate.parse("PensionAccount.status"), Access.READ),
                        Map.entry(FieldCoordinate.parse("Resident.incomes"), Access.VERIFY),
                        Map.entry(FieldCoordinate.parse("IncomeRecord.annualIncome"), Access.VERIFY))));

        assertThat(caller.getObjectType("Resident").getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("name");
        assertThat(caller.getQueryType().getFieldDefinition("verifyResident")).isNotNull();
    }

    @Test
    void aVerifyOnlyCallerSeesItsVerificationAndItsClaimsOnly() {
        // The bank's KYC grant: verify name and birth date, read nothing.
        Visibility bank = Visibility.of(Map.of(
                FieldCoordinate.parse("Query.verifyResident"), Access.VERIFY,
                FieldCoordinate.parse("Resident.name"), Access.VERIFY,
                FieldCoordinate.parse("Resident.birthDate"), Access.VERIFY));

        GraphQLSchema caller = CallerSchemas.forFields(FULL, DEMO, bank);

        assertThat(caller.getQueryType().getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("verifyResident");
        GraphQLInputObjectType claims = caller.getTypeAs("ResidentClaims");
        assertThat(claims.getFieldDefinitions())
                .extracting(field -> field.getName())
                .allMatch(name -> name.startsWith("name") || name.startsWith("birthDate"))
                .contains("name", "birthDate", "birthDateAtLeast", "birthDateAtMost");
        assertThat(CallerSchemas.anyDataRoot(DEMO, bank)).isTrue();
    }

    @Test
    void aCallerWithoutGrantsHasNoDataRoot() {
        Visibility nothing = Visibility.of(Map.of());

        GraphQLSchema caller = CallerSchemas.forFields(SERVED, DEMO, nothing);

        assertThat(CallerSchemas.anyDataRoot(DEMO, nothing)).isFalse();
        assertThat(caller.getQueryType().getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("myShareRequests");
    }

    @Test
    void aRootOrRelationLeadingToNothingReadableIsCutWithItsType() {
        // Found by the generated grants below: the lookup alone, or a relation alone, left a type without fields,
        // which graphql-java refuses as a schema (every request of such a caller failed).
        GraphQLSchema caller = CallerSchemas.forFields(
                SERVED,
                DEMO,
                Visibility.of(Map.of(
                        FieldCoordinate.parse("Query.enterprise"), Access.READ,
                        FieldCoordinate.parse("Query.resident"), Access.READ,
                        FieldCoordinate.parse("Resident.name"), Access.READ,
                        FieldCoordinate.parse("Resident.pension"), Access.READ)));

        assertThat(caller.getQueryType().getFieldDefinition("enterprise")).isNull();
        assertThat(caller.getType("Enterprise")).isNull();
        assertThat(caller.getObjectType("Resident").getFieldDefinitions())
                .extracting(field -> field.getName())
                .containsExactly("name");
    }

    /**
     * Deny by default over generated grants: whatever fields a caller may read or verify, its schema shows no field of
     * a catalog type, and no catalog root, that it may not read (or, for a verification, verify).
     */
    @Test
    void noGeneratedGrantShowsAFieldItDoesNotGrant() {
        List<FieldCoordinate> coordinates = new ArrayList<>();
        DEMO.types().values().forEach(type -> type.fields()
                .keySet()
                .forEach(field -> coordinates.add(new FieldCoordinate(type.name(), field))));
        DEMO.rootFields().keySet().forEach(root -> coordinates.add(new FieldCoordinate("Query", root)));
        for (long seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            Map<FieldCoordinate, Access> fields = new HashMap<>();
            for (FieldCoordinate coordinate : coordinates) {
                if (random.nextInt(3) == 0) {
                    fields.put(coordinate, random.nextBoolean() ? Access.READ : Access.VERIFY);
                }
            }

            GraphQLSchema caller = CallerSchemas.forFields(SERVED, DEMO, Visibility.of(fields));

            for (GraphQLFieldDefinition root : caller.getQueryType().getFieldDefinitions()) {
                FieldCoordinate coordinate = new FieldCoordinate("Query", root.getName());
                if (DEMO.rootFields().containsKey(root.getName())) {
                    assertThat(fields).as("seed %d", seed).containsKey(coordinate);
                }
            }
            for (String typeName : DEMO.types().keySet()) {
                if (caller.getType(typeName) instanceof GraphQLObjectType type) {
                    for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
                        assertThat(fields.get(new FieldCoordinate(typeName, field.getName())))
                                .as("seed %d, %s.%s", seed, typeName, field.getName())
                                .isEqualTo(Access.READ);
                    }
                }
            }
        }
    }
}
