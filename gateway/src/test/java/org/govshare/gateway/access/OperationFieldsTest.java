package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.evaluation.FieldUse;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.govshare.schema.catalog.Comparison;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The walk that tells the decision which fields an operation uses: through aliases and fragments; only the selected
 * operation; claims with their input paths and comparisons, a related record's claims included; and never a walk over
 * a document beyond the limits.
 */
class OperationFieldsTest {
    private static final Catalog DEMO =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());
    private static final GraphQLSchema FULL =
            UnExecutableSchemaGenerator.makeUnExecutableSchema(DEMO.publicDefinitions());
    private static final String R1 = "44190019620315048X";

    private static OperationFields collect(String document, @Nullable String operationName) {
        Document parsed = Parser.parse(document);
        return OperationFields.collect(
                DEMO, FULL, parsed, operationName, CoercedVariables.emptyVariables(), QueryLimits.DEFAULT);
    }

    private static FieldUse read(String coordinate, Object... path) {
        return new FieldUse(FieldCoordinate.parse(coordinate), Access.READ, List.of(path));
    }

    @Test
    void aliasesAndFragmentsAreWalkedToTheFieldsTheyName() {
        OperationFields fields = collect("""
                query { first: resident(idNumber: "%s") { alias: name ...More ... on Resident { gender } }
                        second: resident(idNumber: "%s") { ...More } }
                fragment More on Resident { birthDate pension { status } }""".formatted(R1, R1), null);

        assertThat(fields.uses)
                .contains(
                        read("Query.resident", "first"),
                        read("Resident.name", "first", "alias"),
                        read("Resident.birthDate", "first", "birthDate"),
                        read("Resident.pension", "first", "pension"),
                        read("PensionAccount.status", "first", "pension", "status"),
                        read("Resident.gender", "first", "gender"),
                        read("Query.resident", "second"));
        // What the decision needs: every coordinate the operation uses, each at least once. (graphql-java's
        // QueryTraverser descends into a fragment once per operation, graphql-java#1695, so the second spread's paths
        // are not listed: its coordinates are the first spread's.)
        assertThat(fields.uses.stream().map(FieldUse::field).distinct())
                .containsExactlyInAnyOrder(Stream.of(
                                "Query.resident",
                                "Resident.name",
                                "Resident.birthDate",
                                "Resident.pension",
                                "PensionAccount.status",
                                "Resident.gender")
                        .map(FieldCoordinate::parse)
                        .toArray(FieldCoordinate[]::new));
        assertThat(fields.selected.keySet())
                .contains(
                        List.<Object>of("first", "alias"),
                        List.<Object>of("first", "birthDate"),
                        List.<Object>of("first", "pension", "status"),
                        List.<Object>of("first", "gender"));
        assertThat(fields.selected.get(List.<Object>of("first")).arguments()).containsEntry("idNumber", R1);
    }

    @Test
    void onlyTheSelectedOperationIsWalked() {
        String document = """
                query Names { resident(idNumber: "%s") { name } }
                query Addresses { resident(idNumber: "%s") { address } }""".formatted(R1, R1);

        assertThat(collect(document, "Addresses").uses)
                .containsExactlyInAnyOrder(
                        read("Query.resident", "resident"), read("Resident.address", "resident", "address"));
    }

    @Test
    void typenameAndIntrospectionAreNoCatalogData() {
        OperationFields fields = collect(
                "{ __typename resident(idNumber: \"%s\") { __typename name } __schema { queryType { name } } }"
                        .formatted(R1),
                null);

        assertThat(fields.uses)
                .containsExactlyInAnyOrder(
                        read("Query.resident", "resident"), read("Resident.name", "resident", "name"));
    }

    @Test
    void aVerificationNeedsItsRootAndVerifyOnEveryFieldItClaimsAbout() {
        OperationFields fields = collect("""
                { check: verifyResident(idNumber: "%s",
                    claims: {name: "张秀英", birthDateAtMost: "1970-01-01", pension: {retired: true}}) { outcome } }""".formatted(R1), null);

        List<Object> path = List.of("check");
        assertThat(fields.uses)
                .contains(
                        new FieldUse(FieldCoordinate.parse("Query.verifyResident"), Access.VERIFY, path),
                        FieldUse.claim(FieldCoordinate.parse("Resident.name"), path, "name", Comparison.EQUALS),
                        FieldUse.claim(
                                FieldCoordinate.parse("Resident.birthDate"),
                                path,
                                "birthDateAtMost",
                                Comparison.AT_MOST),
                        new FieldUse(
                                FieldCoordinate.parse("Resident.pension"),
                                Access.VERIFY,
                                path,
                                Optional.of("pension"),
                                Optional.empty()),
                        FieldUse.claim(
                                FieldCoordinate.parse("PensionAccount.retired"),
                                path,
                                "pension.retired",
                                Comparison.EQUALS));
        // The verification's result fields are no catalog data: nothing READ.
        assertThat(fields.uses).noneMatch(use -> use.access() == Access.READ);
    }

    @Test
    void aDocumentBeyondTheLimitsIsRefusedBeforeItsWalk() {
        // Fragments that spread each other twice per level: 2^12 paths from a few hundred characters.
        StringBuilder document = new StringBuilder("{ resident(idNumber: \"%s\") { ...F0 } }\n".formatted(R1));
        for (int level = 0; level < 12; level++) {
            document.append("fragment F%d on Resident { ...F%d ...F%d }\n".formatted(level, level + 1, level + 1));
        }
        document.append("fragment F12 on Resident { name }\n");

        assertThatThrownBy(() -> collect(document.toString(), null))
                .isInstanceOfSatisfying(GovshareException.class, refused -> assertThat(refused.code())
                        .isEqualTo(ErrorCode.QUERY_TOO_COMPLEX));
    }

    @Test
    void aRelatedRecordsSelectorIsCoveredByTheRelation() {
        Map<FieldCoordinate, String> claimed = new java.util.LinkedHashMap<>();
        OperationFields.claimUses(
                DEMO,
                "Resident",
                Map.of("income", Map.of("year", 2024, "annualIncomeAtMost", 50000)),
                "",
                (field, claim, comparison) -> claimed.put(field, claim));

        assertThat(claimed)
                .containsExactly(
                        Map.entry(FieldCoordinate.parse("Resident.incomes"), "income"),
                        Map.entry(FieldCoordinate.parse("IncomeRecord.annualIncome"), "income.annualIncomeAtMost"));
    }
}
