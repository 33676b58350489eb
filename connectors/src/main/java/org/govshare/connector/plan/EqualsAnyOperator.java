package org.govshare.connector.plan;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * {@code value = ANY(array)}: true when the value equals an element of the array, as PostgreSQL (and H2) read it.
 * Calcite's own {@code = SOME} operator is for sub-queries and renders an array operand without its parentheses;
 * this one always writes them, so a bound array parameter reads {@code key = ANY(?)}. Only compilers that know the
 * source takes arrays use it.
 */
final class EqualsAnyOperator extends SqlSpecialOperator {
    static final EqualsAnyOperator INSTANCE = new EqualsAnyOperator();

    private EqualsAnyOperator() {
        super("= ANY", SqlKind.OTHER, 30, true, ReturnTypes.BOOLEAN_NULLABLE, InferTypes.FIRST_KNOWN, null);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
        call.operand(0).unparse(writer, getLeftPrec(), getRightPrec());
        writer.sep("= ANY");
        SqlWriter.Frame array = writer.startList(SqlWriter.FrameTypeEnum.FUN_CALL, "(", ")");
        call.operand(1).unparse(writer, 0, 0);
        writer.endList(array);
        writer.endList(frame);
    }
}
