package org.govshare.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
