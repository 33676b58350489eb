package org.govshare.connector.plan;

import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.tools.RelBuilder;
import org.govshare.schema.catalog.ValueKind;

/**
 * How a source compares a column with a claimed value, the one rule for online claim checks and set checks alike: a
 * text column is compared with its surrounding blanks trimmed (a padded {@code CHAR} equals its value), numbers and
 * dates as they are. A NULL column makes the test unknown, which the callers' {@code CASE} takes as false.
 */
final class ClaimComparisons {
    private ClaimComparisons() {}

    static RexNode compare(RelBuilder builder, ClaimTest test, ValueKind kind, RexNode column, RexNode value) {
        return switch (test.comparison()) {
            case EQUALS ->
                builder.equals(
                        kind == ValueKind.STRING
                                ? builder.call(
                                        SqlStdOperatorTable.TRIM,
                                        builder.getRexBuilder().makeFlag(SqlTrimFunction.Flag.BOTH),
                                        builder.literal(" "),
                                        column)
                                : column,
                        value);
            case AT_LEAST -> builder.greaterThanOrEqual(column, value);
            case AT_MOST -> builder.lessThanOrEqual(column, value);
        };
    }
}
