package org.govshare.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govshare.connector.plan.ColumnMask;
import org.govshare.connector.plan.KeyLookupShape;
import org.govshare.connector.plan.RowCondition;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.model.MaskKind;
import org.govshare.policy.model.Quotas;
import org.govshare.policy.model.RowFilter;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogParser;
import org.junit.jupiter.api.Test;

/** The planner on its own: from an operation's fields and a decision to the shapes each field's read runs. */
class SourcePlannerTest {
    private static final Catalog CATALOG =
            new CatalogParser(Set.of("police", "hrss", "tax", "medical", "market")).parse(CatalogFile.demo());

    private static final Allowed EVERYTHING =
            new Allowed("c", "P", 1, Map.of(), Map.of(), Map.of(), new Quotas(0, 0, 0, 50), Map.of(), 0);

    private final List<OperationField> fields = new ArrayList<>();

    private void field(String coordinate, Map<String, Object> arguments, Object... path) {
        String[] parts = coordinate.split("\\.");
        fields.add(new OperationField(List.of(path), new FieldCoordinate(parts[0], parts[1]), arguments));
    }

    private void field(String coordinate, Object... path) {
        field(coordinate, Map.of(), path);
    }

    @Test
    void aLookupReadsTheSelectedColumnsAndTheKeysOfItsRelations() {
        field("Query.resident", Map.of("idNumber", "x"), "resident");
        field("Resident.name", "resident", "name");
        field("Resident.name", "resident", "alias");
        field("Resident.pension", "resident", "pension");
        field("PensionAccount.status", "resident", "pension", "status");

        OperationPlan plan = SourcePlanner.plan(CATALOG, fields, EVERYTHING);

        KeyLookupShape lookup =
                plan.read(List.of("resident"), OperationPlan.Lookup.class).shape();
        assertThat(lookup.fields()).containsExactly("name");
        assertThat(lookup.relations()).containsExactly("pension");
        assertThat(lookup.batchSize()).isEqualTo(1);
        KeyLookupShape pension = plan.read(List.of("resident", "pension"), OperationPlan.Relation.class)
                .shape(List.of(), 1);
        assertThat(pension.type()).isEqualTo("PensionAccount");
        assertThat(pension.fields()).containsExactly("idNumber", "status");
        assertThat(pension.matchFields()).containsExactly("idNumber");
    }

    @Test
    void aRelationArgumentGivenBecomesAFilterOfItsStatement() {
        field("Query.resident", Map.of("idNumber", "x"), "resident");
        field("Resident.incomes", Map.of("year", 2024), "resident", "incomes");
        field("IncomeRecord.annualIncome", "resident", "incomes", "annualIncome");

        OperationPlan.Relation incomes = SourcePlanner.plan(CATALOG, fields, EVERYTHING)
                .read(List.of("resident", "incomes"), OperationPlan.Relation.class);

        assertThat(incomes.givenFilters(Map.of("year", 2024))).containsExactly("year");
        assertThat(incomes.givenFilters(Map.of())).isEmpty();
        assertThat(incomes.shape(List.of("year"), 1).filterFields()).containsExactly("year");
        assertThat(incomes.shape(List.of(), 1).filterFields()).isEmpty();
    }

    @Test
    void aPageReadsItsNodesFieldsAcrossAliasedEdgesAndChecksItsSize() {
        field("Query.residents", Map.of("regionCode", "441900", "first", 7), "residents");
        field("ResidentConnection.edges", "residents", "edges");
        field("ResidentEdge.node", "residents", "edges", "node");
        field("Resident.name", "residents", "edges", "node", "name");
        field("ResidentConnection.edges", "residents", "more");
        field("ResidentEdge.node", "residents", "more", "node");
        field("Resident.gender", "residents", "more", "node", "gender");
        field("Resident.pension", "residents", "more", "node", "pension");

        OperationPlan.Page page =
                SourcePlanner.plan(CATALOG, fields, EVERYTHING).read(List.of("residents"), OperationPlan.Page.class);

        assertThat(page.shape(false).fields()).containsExactly("gender", "idNumber", "name");
        assertThat(page.shape(false).relations()).containsExactly("pension");
        assertThat(page.shape(true).afterCursor()).isTrue();
        assertThat(page.pageSize(7)).isEqualTo(7);
        assertThatThrownBy(() -> page.pageSize(51))
                .as("the grant's rows per page bound the page")
                .isInstanceOf(GovshareException.class);
        assertThatThrownBy(() -> page.pageSize(0)).isInstanceOf(GovshareException.class);
    }

    @Test
    void aRelationBatchCarriesAsManyKeysAsItsLevelMayHaveParents() {
        assertThat(SourcePlanner.batchSize(1)).isEqualTo(1);
        assertThat(SourcePlanner.batchSize(3)).isEqualTo(4);
        assertThat(SourcePlanner.batchSize(20)).isEqualTo(32);
        assertThat(SourcePlanner.batchSize(100)).isEqualTo(100);
        assertThat(SourcePlanner.batchSize(5_000)).isEqualTo(SourcePlanner.MAXIMUM_BATCH);

        field("Query.resident", Map.of("idNumber", "x"), "resident");
        field("Resident.incomes", "resident", "incomes");
        field("Resident.pension", "resident", "pension");
        OperationPlan plan = SourcePlanner.plan(CATALOG, fields, EVERYTHING);
        OperationPlan.Relation incomes = plan.read(List.of("resident", "incomes"), OperationPlan.Relation.class);
        OperationPlan.Relation pension = plan.read(List.of("resident", "pension"), OperationPlan.Relation.class);

        assertThat(incomes.shape(List.of(), 8).batchSize()).isEqualTo(8);
        assertThat(incomes.recordsFor(2))
                .as("a list: up to a page of rows per parent")
                .isEqualTo(100);
        assertThat(pension.recordsFor(2)).isEqualTo(2);
    }

    @Test
    void theDecisionsRowFiltersAndMasksAreInEveryShape() {
        Allowed office = new Allowed(
                "c",
                "P",
                1,
                Map.of(),
                Map.of(
                        "Resident",
                        List.of(new RowFilter(
                                new FieldCoordinate("Resident", "regionCode"),
                                RowFilter.Operator.STARTS_WITH,
                                "4419"))),
                Map.of(new FieldCoordinate("Resident", "idNumber"), MaskKind.ID_NUMBER),
                new Quotas(0, 0, 0, 100),
                Map.of(),
                0);
        field("Query.resident", Map.of("idNumber", "x"), "resident");
        field("Resident.idNumber", "resident", "idNumber");

        OperationPlan.Lookup lookup =
                SourcePlanner.plan(CATALOG, fields, office).read(List.of("resident"), OperationPlan.Lookup.class);

        assertThat(lookup.shape().conditions())
                .containsExactly(new RowCondition("regionCode", RowCondition.Operator.STARTS_WITH));
        assertThat(lookup.conditions().values()).containsExactly("4419%");
        assertThat(lookup.shape().masks()).extracting(ColumnMask::field).containsExactly("idNumber");
    }

    @Test
    void aFieldWithoutAPlannedReadReadsNothing() {
        field("Query.resident", Map.of("idNumber", "x"), "resident");
        OperationPlan plan = SourcePlanner.plan(CATALOG, fields, EVERYTHING);

        assertThatThrownBy(() -> plan.read(List.of("resident", "pension"), OperationPlan.Relation.class))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> plan.read(List.of("resident"), OperationPlan.Page.class))
                .isInstanceOf(IllegalStateException.class);
    }
}
