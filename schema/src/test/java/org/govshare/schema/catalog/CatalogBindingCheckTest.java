package org.govshare.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogBindingCheckTest {
    private static final String SDL = """
            type Person @source(name: "police", table: "person") @primaryKey(fields: ["id"])
              @listing(name: "people", filters: ["region"]) {
              id: ID! @column(name: "id") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
              region: String! @column(name: "region") @classification(level: L1, category: "c")
                @share(type: UNCONDITIONAL)
              born: Date! @column(name: "born") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
              cars: [Car!]! @relation(columns: ["id"]) @classification(level: L1, category: "c")
                @share(type: UNCONDITIONAL)
            }
            type Car @source(name: "hrss", table: "car") @primaryKey(fields: ["owner", "plate"]) {
              owner: ID! @column(name: "owner") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
              plate: String! @column(name: "plate") @classification(level: L1, category: "c")
                @share(type: UNCONDITIONAL)
              seats: Int! @column(name: "seats") @classification(level: L1, category: "c") @share(type: UNCONDITIONAL)
            }
            """;

    private static Catalog catalog() {
        return new CatalogParser(java.util.Set.of("police", "hrss"))
                .parse(List.of(new CatalogFile("people.graphqls", SDL)));
    }

    private static TableDescription table(
            String name, String database, List<TableDescription.Index> indexes, TableDescription.Column... columns) {
        Map<String, TableDescription.Column> byName = new LinkedHashMap<>();
        for (TableDescription.Column column : columns) {
            byName.put(column.name(), column);
        }
        return new TableDescription(name, database, byName, indexes);
    }

    private static TableDescription.Column column(String name, int type) {
        return new TableDescription.Column(
                name,
                type,
                switch (type) {
                    case Types.VARCHAR -> "varchar";
                    case Types.DATE -> "date";
                    case Types.INTEGER -> "int4";
                    case Types.BIGINT -> "int8";
                    default -> "other";
                });
    }

    private static TableDescription.Index index(String... columns) {
        return new TableDescription.Index(String.join("_", columns) + "_idx", List.of(columns), false);
    }

    @Test
    void acceptsSourcesThatHoldEveryBindingWithItsIndexes() {
        SourceMetadata sources = table -> Optional.of(
                table.table().equals("person")
                        ? table(
                                "PERSON",
                                "police-db",
                                List.of(index("ID"), index("region", "id")),
                                column("ID", Types.VARCHAR),
                                column("REGION", Types.VARCHAR),
                                column("BORN", Types.DATE))
                        : table(
                                "car",
                                "hrss-db",
                                List.of(index("owner", "plate")),
                                column("owner", Types.VARCHAR),
                                column("plate", Types.VARCHAR),
                                column("seats", Types.INTEGER)));

        assertThat(CatalogBindingCheck.problems(catalog(), sources)).isEmpty();
    }

    @Test
    void reportsTypesIndexesAndMissingColumnsAllAtOnce() {
        SourceMetadata sources = table -> Optional.of(
                table.table().equals("person")
                        ? table(
                                "person",
                                "police-db",
                                List.of(index("id")),
                                column("id", Types.VARCHAR),
                                column("region", Types.VARCHAR),
                                column("born", Types.VARCHAR))
                        : table(
                                "car",
                                "hrss-db",
                                List.of(index("plate")),
                                column("owner", Types.INTEGER),
                                column("plate", Types.VARCHAR),
                                column("seats", Types.BIGINT)));

        assertThat(CatalogBindingCheck.problems(catalog(), sources))
                .extracting(CatalogProblem::toString)
                .satisfiesExactlyInAnyOrder(
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:6:")
                                .contains("Person.born is a Date but column police.person.born is varchar"),
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:2:")
                                .contains("listing people")
                                .contains("no index beginning with [region]"),
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:7:")
                                .contains("Person.cars: table hrss.car has no index beginning with [owner]"),
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:10:")
                                .contains("no index beginning with the key of Car [owner, plate]"),
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:11:")
                                .contains("Car.owner is an ID but column hrss.car.owner is int4"),
                        problem -> assertThat(problem)
                                .startsWith("people.graphqls:14:")
                                .contains("Int is 32 bits"));
    }

    @Test
    void refusesOneTableSharedTwiceThroughTwoSourceNames() {
        // Both source names reach one database: the car table would be shared by two types (一数一源).
        SourceMetadata sources = table -> Optional.of(table(
                table.table(),
                "same-db",
                List.of(index("id"), index("owner", "plate"), index("region")),
                column("id", Types.VARCHAR),
                column("region", Types.VARCHAR),
                column("born", Types.DATE),
                column("owner", Types.VARCHAR),
                column("plate", Types.VARCHAR),
                column("seats", Types.INTEGER)));
        String twice = SDL.replace("table: \"car\"", "table: \"person\"");

        List<CatalogProblem> problems = CatalogBindingCheck.problems(
                new CatalogParser(java.util.Set.of("police", "hrss"))
                        .parse(List.of(new CatalogFile("people.graphqls", twice))),
                sources);

        assertThat(problems).extracting(CatalogProblem::toString).anySatisfy(problem -> assertThat(problem)
                .startsWith("people.graphqls:10:")
                .contains("which Person")
                .contains("一数一源"));
    }

    @Test
    void reportsASourceThatCannotBeReadAtEachOfItsTypes() {
        SourceMetadata down = table -> {
            throw new IllegalStateException("connection refused");
        };

        assertThat(CatalogBindingCheck.problems(catalog(), down))
                .extracting(CatalogProblem::toString)
                .containsExactly(
                        "people.graphqls:1:1: type Person: source police cannot be read (connection refused)",
                        "people.graphqls:10:1: type Car: source hrss cannot be read (connection refused)");
    }
}
