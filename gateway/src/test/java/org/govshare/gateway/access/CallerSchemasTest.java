package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.util.List;
import java.util.Map;
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
}
