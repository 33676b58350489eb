package org.govshare.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.govshare.schema.catalog.SourceTable;
import org.govshare.schema.catalog.TableDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A source describes its tables from JDBC metadata, and a new catalog version reads only the schemas that changed. */
class SourceRegistryTest {
    private final String url =
            "jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private SourceRegistry sources;

    @BeforeEach
    void open() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marriage (certificate_no VARCHAR(20) PRIMARY KEY,"
                    + " office_code VARCHAR(6) NOT NULL, registered_on DATE, fee DECIMAL(8,2))");
            statement.execute("CREATE INDEX marriage_office_idx ON marriage (office_code, certificate_no)");
            statement.execute("CREATE TABLE student (id_number VARCHAR(18), school VARCHAR(10))");
            statement.execute("CREATE VIEW marriage_view AS SELECT certificate_no, office_code FROM marriage");
        }
        sources = SourceRegistry.open(
                List.of(new SourceSettings("civil", url, "sa", "", 2, Duration.ofSeconds(2), Optional.empty())),
                (name, dataSource) -> dataSource);
    }

    @AfterEach
    void close() {
        sources.close();
    }

    @Test
    void describesColumnsTypesAndIndexesInIndexOrder() {
        TableDescription marriage =
                sources.describe(new SourceTable("civil", "MARRIAGE")).orElseThrow();

        assertThat(marriage.name()).isEqualTo("marriage");
        assertThat(marriage.column("REGISTERED_ON").orElseThrow().jdbcType()).isEqualTo(Types.DATE);
        assertThat(marriage.column("fee").orElseThrow().jdbcType()).isEqualTo(Types.DECIMAL);
        assertThat(marriage.indexes())
                .extracting(TableDescription.Index::columns)
                .contains(List.of("certificate_no"), List.of("office_code", "certificate_no"));
        assertThat(marriage.hasIndexLeadingWith(Set.of("office_code"))).isTrue();
        assertThat(marriage.view()).isFalse();
        assertThat(sources.describe(new SourceTable("civil", "student"))
                        .orElseThrow()
                        .indexes())
                .isEmpty();
        assertThat(sources.describe(new SourceTable("civil", "marriage_view"))
                        .orElseThrow()
                        .view())
                .isTrue();
        assertThat(sources.describe(new SourceTable("civil", "divorce"))).isEmpty();
    }

    @Test
    void aNewCatalogVersionKeepsTheSchemaOfASourceWhoseTablesStayTheSame() {
        SourceSchemas first = sources.schemas(Map.of("civil", Set.of("marriage")));

        SourceSchemas same = sources.schemas(Map.of("civil", Set.of("marriage")), first, Set.of());
        SourceSchemas wider = sources.schemas(Map.of("civil", Set.of("marriage", "student")), first, Set.of());
        SourceSchemas reread = sources.schemas(Map.of("civil", Set.of("marriage")), first, Set.of("civil"));

        assertThat(same.schema("civil")).isSameAs(first.schema("civil"));
        assertThat(wider.schema("civil")).isNotSameAs(first.schema("civil"));
        assertThat(wider.schema("civil").table("student")).isPresent();
        assertThat(reread.schema("civil")).isNotSameAs(first.schema("civil"));
    }
}
