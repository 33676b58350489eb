package org.govshare.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.language.AstPrinter;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.govshare.schema.identifier.IdentifierScheme;
import org.junit.jupiter.api.Test;

class CatalogParserTest {
    private static final Set<String> DEMO_SOURCES = Set.of("police", "hrss", "tax", "medical", "market");

    private static Catalog demo() {
        return new CatalogParser(DEMO_SOURCES).parse(CatalogFile.demo());
    }

    /** A catalog of one file under test (the parser adds the catalog language). */
    private static Catalog parseWith(String fileName, String sdl) {
        return new CatalogParser(DEMO_SOURCES).parse(List.of(new CatalogFile(fileName, sdl)));
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
    void derivesRootLookupAndPageFieldsFromTheTypesDirectives() {
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
                .hasMessageStartingWith("catalog/demo/police.graphqls:")
                .hasMessageContaining("unknown table police.resident");
        assertThatThrownBy(() -> CatalogBindingCheck.verify(
                        catalog,
                        table -> Optional.of(new TableDescription(
                                table.table(),
                                table.source(),
                                java.util.Map.of("ID_NUMBER", new TableDescription.Column("ID_NUMBER", 12, "VARCHAR")),
                                List.of()))))
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

    @Test
    void publicSchemaKeepsTheContractsRootFieldsAndConnectionTypes() {
        Catalog catalog = demo();
        String sdl = catalog.publicSdl();

        assertThat(signatures(catalog))
                .contains(
                        "resident(idNumber: ID!): Resident",
                        "residents(regionCode: String!, first: Int = 20, after: String): ResidentConnection!",
                        "enterprise(creditCode: ID!): Enterprise");
        assertThat(sdl)
                .containsPattern("type ResidentConnection \\{\\s+edges: \\[ResidentEdge!]!\\s+pageInfo: PageInfo!")
                .containsPattern("type ResidentEdge \\{\\s+cursor: String!\\s+node: Resident!")
                .containsPattern("type PageInfo \\{[^}]*hasNextPage: Boolean![^}]*endCursor: String");
    }

    @Test
    void aNewTableIsSharedByOneFileWithItsLookupAndListing() {
        String sdl = """
                "婚姻登记 A marriage registration."
                type MarriageRegistration @source(name: "police", table: "marriage") @primaryKey(fields: ["certificate"])
                  @lookup @listing(name: "marriagesByOffice", filters: ["office"], defaultPageSize: 10, maxPageSize: 50) {
                  certificate: ID! @column(name: "certificate_no") @classification(level: L2, category: "civil")
                    @share(type: CONDITIONAL)
                  office: String! @column(name: "office_code") @classification(level: L1, category: "civil")
                    @share(type: UNCONDITIONAL)
                }
                """;

        Catalog catalog = parseWith("civil.graphqls", sdl);

        assertThat(catalog.rootFields().get("marriageRegistration")).isInstanceOf(LookupField.class);
        PageField listing = (PageField) catalog.rootFields().get("marriagesByOffice");
        assertThat(listing.filterFields()).containsExactly("office");
        assertThat(listing.defaultPageSize()).isEqualTo(10);
        assertThat(listing.maxPageSize()).isEqualTo(50);
        assertThat(listing.location().file()).isEqualTo("civil.graphqls");
        assertThat(signatures(catalog))
                .containsExactly(
                        "marriageRegistration(certificate: ID!): MarriageRegistration",
                        "marriagesByOffice(office: String!, first: Int = 10, after: String):"
                                + " MarriageRegistrationConnection!",
                        "verifyMarriageRegistration(certificate: ID!, claims: MarriageRegistrationClaims!):"
                                + " Verification");
    }

    /** Each root field of the public schema as {@code name(arguments): Type}. */
    private static List<String> signatures(Catalog catalog) {
        ObjectTypeDefinition query =
                (ObjectTypeDefinition) catalog.publicDefinitions().getTypeOrNull("Query");
        return query.getFieldDefinitions().stream()
                .map(field -> field.getName()
                        + field.getInputValueDefinitions().stream()
                                .map(argument -> argument.getName() + ": " + AstPrinter.printAst(argument.getType())
                                        + (argument.getDefaultValue() == null
                                                ? ""
                                                : " = " + AstPrinter.printAst(argument.getDefaultValue())))
                                .collect(java.util.stream.Collectors.joining(", ", "(", ")"))
                        + ": " + AstPrinter.printAst(field.getType()))
                .toList();
    }

    @Test
    void collectsEveryProblemOfEveryFileBeforeRefusing() {
        String first = """
                type Person @source(name: "nowhere", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  name: String @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;
        String second = """
                type Car @source(name: "police", table: "car") @primaryKey(fields: ["plate"]) {
                  plate: ID! @column(name: "plate") @classification(level: L9, category: "c") @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> new CatalogParser(DEMO_SOURCES)
                        .parse(List.of(new CatalogFile("a.graphqls", first), new CatalogFile("b.graphqls", second))))
                .isInstanceOfSatisfying(CatalogException.class, failure -> assertThat(failure.problems())
                        .extracting(CatalogProblem::toString)
                        .satisfiesExactly(
                                problem -> assertThat(problem)
                                        .startsWith("a.graphqls:1:")
                                        .contains("unknown source 'nowhere'"),
                                problem -> assertThat(problem)
                                        .startsWith("a.graphqls:3:")
                                        .contains("exactly one of @column or @relation"),
                                problem -> assertThat(problem)
                                        .startsWith("b.graphqls:2:")
                                        .contains("@classification(level) must be one of")));
    }

    @Test
    void reportsASyntaxErrorInEachFile() {
        assertThatThrownBy(() -> new CatalogParser(DEMO_SOURCES)
                        .parse(List.of(
                                new CatalogFile("a.graphqls", "type A {\n  id: \n}\n"),
                                new CatalogFile("b.graphqls", "\n\ntype B @source(name: ) {}\n"))))
                .isInstanceOfSatisfying(CatalogException.class, failure -> assertThat(failure.problems())
                        .extracting(problem -> problem.location().file() + ":"
                                + problem.location().line())
                        .containsExactly("a.graphqls:3", "b.graphqls:3"));
    }

    @Test
    void refusesAHandWrittenQueryTypeAndUndefinedReferences() {
        String query = """
                type Query {
                  person(id: ID!): String
                }
                """;
        String undefined = """
                type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  car: Car @relation(columns: ["car_id"]) @classification(level: L1, category: "c")
                    @share(type: UNCONDITIONAL)
                }
                """;

        assertThatThrownBy(() -> parseWith("query.graphqls", query))
                .hasMessageStartingWith("query.graphqls:1:")
                .hasMessageContaining("root fields come from @lookup and @listing");
        assertThatThrownBy(() -> parseWith("person.graphqls", undefined))
                .hasMessageStartingWith("person.graphqls:3:")
                .hasMessageContaining("Person.car leads to Car, which is not a keyed type");
    }

    @Test
    void refusesListingsThatCannotPageOrWouldShareByGuessing() {
        String composite = """
                type Car @source(name: "police", table: "car") @primaryKey(fields: ["owner", "plate"])
                  @listing(name: "cars") {
                  owner: ID! @column(name: "owner") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  plate: String! @column(name: "plate") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                }
                """;
        String notShared = """
                type Account @source(name: "police", table: "account") @primaryKey(fields: ["id"])
                  @listing(name: "accounts", filters: ["balance"]) {
                  id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
                  balance: Decimal! @column(name: "balance") @classification(level: L4, category: "c")
                    @share(type: NOT_SHARED, basis: "law")
                }
                """;

        assertThatThrownBy(() -> parseWith("car.graphqls", composite))
                .hasMessageStartingWith("car.graphqls:2:")
                .hasMessageContaining("needs a key of one field");
        assertThatThrownBy(() -> parseWith("account.graphqls", notShared))
                .hasMessageStartingWith("account.graphqls:2:")
                .hasMessageContaining("cannot filter on balance, which is NOT_SHARED");
    }
}
