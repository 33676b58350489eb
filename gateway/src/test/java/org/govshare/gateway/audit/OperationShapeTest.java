package org.govshare.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

class OperationShapeTest {
    @Test
    void keepsNoNameTheCallerChoseNorAnyValue() {
        String document = """
                query Check_44190019620315048X($id_44190019620315048X: ID!, $since: Int = 2024) {
                  ...Person_44190019620315048X
                  verifyResident(idNumber: "44190019620315048X", claims: {name: "张秀英"}) { outcome }
                }
                fragment Person_44190019620315048X on Query {
                  resident(idNumber: $id_44190019620315048X) { name incomes(year: $since) { year } }
                }""";

        OperationShape shape = OperationShape.of(Parser.parse(document), null);

        assertThat(shape.text())
                .doesNotContain("4419")
                .doesNotContain("Check_")
                .doesNotContain("Person_")
                .doesNotContain("张秀英")
                .doesNotContain("2024")
                .contains("$v1", "$v2", "...F1", "fragment F1 on Query", "resident(idNumber:", "verifyResident");
    }

    @Test
    void equalShapesWithOtherNamesHashAlike() {
        OperationShape one =
                OperationShape.of(Parser.parse("query A($x: ID!) { resident(idNumber: $x) { name } }"), null);
        OperationShape other =
                OperationShape.of(Parser.parse("query B($y: ID!) { resident(idNumber: $y) { name } }"), null);

        assertThat(one).isEqualTo(other);
    }
}
