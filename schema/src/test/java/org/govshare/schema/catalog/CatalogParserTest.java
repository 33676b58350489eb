package org.govshare.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.language.AstPrinter;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.govshare.schema.identifier.IdentifierScheme;
import org.junit.jupiter.api.Test;

class CatalogParserTest {
    private static final Set<String> DEMO_SOURCES = Set.of("police", "hrss", "tax", "medical", "market");

    private static Catalog demo() {
        return new CatalogParser(DEMO_SOURCES).parse(CatalogFile.builtIn());
    }

    /** The directive and scalar files of the built-in catalog, plus one file under test. */
    private static Catalog parseWith(String fileName, String sdl) {
        List<CatalogFile> files = new ArrayList<>(CatalogFile.builtIn().subList(0, 2));
        files.add(new CatalogFile(fileName, sdl));
        return new CatalogParser(DEMO_SOURCES).parse(files);
    }

    @Test
    void parsesDemoCatalogTypesKeysAndBindings() {
        Catalog catalog = demo();

        assertThat(catalog.types())
                .containsOnlyKeys("Resident", "PensionAccount", "IncomeRecord", "MedicalInsurance", "Enterprise");
        CatalogType resident = catalog.requireType("Resident");
        assertThat(resident.table()).isEqualTo(new SourceTable("police", "resident"));
        assertThat(resident.keyFields()).containsExactly("idNumber");
        assertThat(resident.columnField("birthDate").column()).isEqualTo("birth_date");
        assertThat(resident.columnField("birthDate").kind()).isEqualTo(ValueKind.DATE);
        assertThat(resident.columnField("idNumber").identifier()).contains(IdentifierScheme.RESIDENT_ID_NUMBER);
        assertThat(resident.columnField("name").sharing().classification().level())
                .isEqualTo(Level.L3);
        assertThat(catalog.requireType("IncomeRecord").keyFields()).containsExactly("idNumber", "year");
        assertThat(catalog.sourceNames()).containsExactlyInAnyOrderElementsOf(DEMO_SOURCES);
    }

    @Test
    void parsesRelationsWithCardinalityAndFilterArguments() {
        CatalogType resident = demo().requireType("Resident");

        RelationField pension = (RelationField) resident.fields().get("pension");
        assertThat(pension.targetType()).isEqualTo("PensionAccount");
        assertThat(pension.many()).isFalse();
        assertThat(pension.columns()).containsExactly("id_number");
        RelationField incomes = (RelationField) resident.fields().get("incomes");
        assertThat(incomes.many()).isTrue();
        assertThat(incomes.filterArguments()).containsExactly("year");
    }

    @Test
    void parsesRootLookupAndPageFields() {
        Catalog catalog = demo();

        assertThat(catalog.rootFields().get("resident")).isInstanceOf(LookupField.class);
        assertThat(catalog.rootFields().get("enterprise").targetType()).isEqualTo("Enterprise");
        PageField residents = (PageField) catalog.rootFields().get("residents");
        assertThat(residents.targetType()).isEqualTo("Resident");
        assertThat(residents.filterFields()).containsExactly("regionCode");
        assertThat(residents.maxPageSize()).isEqualTo(100);
        assertThat(residents.defaultPageSize()).isEqualTo(20);
    }

    @Test
    void publicDefinitionsCarryNoCatalogDirectives() {
        TypeDefinitionRegistry registry = demo().publicDefinitions();

        assertThat(registry.getDirectiveDefinitions()).doesNotContainKeys("source", "column", "relation", "share");
        assertThat(registry.types()).doesNotContainKeys("CatalogLevel", "CatalogShareType");
        ObjectTypeDefinition resident = (ObjectTypeDefinition) registry.getTypeOrNull("Resident");
        assertThat(resident.getDirectives()).isEmpty();
        assertThat(resident.getFieldDefinitions())
                .allSatisfy(field -> assertThat(field.getDirectives()).isEmpty());
    }

    @Test
    void refusesUnknownSourceNamingFileAndLine() {
        String sdl = """
                type Person @source(name: "nowhere", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> parseWith("person.graphqls", sdl))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("person.graphqls:1:")
                .hasMessageContaining("unknown source 'nowhere'");
    }

    @Test
    void refusesTypeWithoutKey() {
        String sdl = """
                type Person @source(name: "police", table: "person") {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> parseWith("person.graphqls", sdl))
                .hasMessageStartingWith("person.graphqls:1:")
                .hasMessageContaining("has no @primaryKey");
    }

    @Test
    void refusesColumnBoundTwice() {
        String sdl = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  alias: ID! @column(name: "ID") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> parseWith("person.graphqls", sdl))
                .hasMessageStartingWith("person.graphqls:3:")
                .hasMessageContaining("bound twice")
                .hasMessageContaining("Person.id")
                .hasMessageContaining("Person.alias");
    }

    @Test
    void refusesFieldWithoutBindingOrClassification() {
        String unbound = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  name: String @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;
        String unclassified = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id")
                }
                """;

        assertThatThrownBy(() -> parseWith("a.graphqls", unbound))
                .hasMessageStartingWith("a.graphqls:3:")
                .hasMessageContaining("exactly one of @column or @relation");
        assertThatThrownBy(() -> parseWith("b.graphqls", unclassified))
                .hasMessageStartingWith("b.graphqls:2:")
                .hasMessageContaining("needs @classification and @share");
    }

    @Test
    void refusesNotSharedItemWithoutLegalBasis() {
        String sdl = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L4, category: "c") @share(type: NOT_SHARED)
                }
                """;

        assertThatThrownBy(() -> parseWith("person.graphqls", sdl)).hasMessageContaining("legal basis");
    }

    @Test
    void bindingCheckNamesUnknownTableAndColumn() {
        Catalog catalog = demo();

        assertThatThrownBy(() -> CatalogBindingCheck.verify(catalog, table -> Optional.empty()))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("police.graphqls:")
                .hasMessageContaining("unknown table police.resident");
        assertThatThrownBy(() -> CatalogBindingCheck.verify(catalog, table -> Optional.of(Set.of("ID_NUMBER"))))
                .hasMessageContaining("unknown column");
    }

    @Test
    void generatesClaimsForEveryKeyedTypeFromTheCatalog() {
        Catalog catalog = demo();

        assertThat(catalog.claimsInputs())
                .containsOnlyKeys("Resident", "PensionAccount", "IncomeRecord", "MedicalInsurance", "Enterprise");
        ClaimsInput resident = catalog.claimsInputs().get("Resident");
        assertThat(resident.inputType()).isEqualTo("ResidentClaims");
        assertThat(resident.claims().keySet())
                .contains("name", "birthDate", "birthDateAtLeast", "birthDateAtMost", "regionCode")
                .doesNotContain("nameAtLeast", "regionCodeAtMost");
        assertThat(resident.claim("birthDateAtMost"))
                .contains(new Claim("birthDateAtMost", "birthDate", Comparison.AT_MOST));
        assertThat(resident.related().keySet()).containsExactly("pension", "income", "medicalInsurance");
        assertThat(resident.relatedClaims("income"))
                .contains(new RelatedClaims("income", "incomes", "IncomeRecord", List.of("year")));
        assertThat(resident.relatedClaims("pension").orElseThrow().selectorFields())
                .isEmpty();
        assertThat(catalog.claimsInputNamed("IncomeRecordClaims").orElseThrow().claims())
                .containsKeys("annualIncome", "annualIncomeAtLeast", "annualIncomeAtMost", "year");
        assertThat(catalog.rootFields().get("verifyResident"))
                .isEqualTo(new VerifyField(
                        "verifyResident",
                        "Resident",
                        catalog.requireType("Resident").location()));
        assertThat(catalog.rootFields().get("verifyIncomeRecord")).isInstanceOf(VerifyField.class);
    }

    @Test
    void notSharedFieldsTakeNoClaims() {
        ClaimsInput medical = demo().claimsInputs().get("MedicalInsurance");

        assertThat(medical.claims()).containsKeys("plan", "status").doesNotContainKeys("balance", "balanceAtMost");
    }

    @Test
    void publicSchemaHasTheVerificationFieldsAndTypes() {
        TypeDefinitionRegistry registry = demo().publicDefinitions();

        ObjectTypeDefinition query = (ObjectTypeDefinition) registry.getTypeOrNull("Query");
        assertThat(query.getFieldDefinitions().stream().map(field -> field.getName()))
                .contains("resident", "residents", "enterprise", "verifyResident", "verifyEnterprise");
        FieldDefinition verifyIncome = query.getFieldDefinitions().stream()
                .filter(field -> field.getName().equals("verifyIncomeRecord"))
                .findFirst()
                .orElseThrow();
        assertThat(verifyIncome.getInputValueDefinitions().stream()
                        .map(argument -> argument.getName() + ": " + AstPrinter.printAst(argument.getType())))
                .containsExactly("idNumber: ID!", "year: Int!", "claims: IncomeRecordClaims!");
        assertThat(AstPrinter.printAst(verifyIncome.getType())).isEqualTo("Verification");
        String sdl = demo().publicSdl();
        assertThat(sdl)
                .contains("enum Outcome")
                .contains("income: IncomeRecordClaims")
                .contains("annualIncomeAtMost: Decimal");
    }

    @Test
    void aListRelationIsClaimedOnlyUnderItsDeclaredName() {
        String sdl = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  cars: [Car!]! @relation(columns: ["id"]) @classification(level: L1, category: "c")
                    @share(type: UNCONDITIONAL)
                }
                type Car @source(name: "police", table: "car") @primaryKey(fields: ["owner", "plate"]) {
                  owner: ID! @column(name: "owner") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  plate: String! @column(name: "plate") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;
        String pensionWithClaimName = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  car: Car @relation(columns: ["id"], claim: "vehicle") @classification(level: L1, category: "c")
                    @share(type: UNCONDITIONAL)
                }
                type Car @source(name: "police", table: "car") @primaryKey(fields: ["owner"]) {
                  owner: ID! @column(name: "owner") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;

        assertThat(parseWith("cars.graphqls", sdl).claimsInputs().get("Person").related())
                .isEmpty();
        assertThatThrownBy(() -> parseWith("car.graphqls", pensionWithClaimName))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("car.graphqls:3:")
                .hasMessageContaining("its claims take the relation's own name");
    }

    @Test
    void refusesAClaimNameThatCollidesWithAField() {
        String sdl = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  born: Date! @column(name: "born") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  bornAtLeast: Date @column(name: "born2") @classification(level: L1, category: "c")
                    @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> parseWith("person.graphqls", sdl))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("person.graphqls:4:")
                .hasMessageContaining("claim named bornAtLeast twice");
    }
}
