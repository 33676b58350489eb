package org.govshare.gateway.access;

import static java.util.Objects.requireNonNull;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.List;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.request.RequestRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Refuses a document beyond the {@link QueryLimits} right after it is parsed, before validation, the access
 * decision's field walk or execution can expand it ({@code QUERY_TOO_COMPLEX}). Parsed documents are cached only
 * when they pass, so a cached document is within the limits.
 */
public final class DocumentLimits extends SimplePerformantInstrumentation implements Ordered {
    private final QueryLimits limits;

    public DocumentLimits(QueryLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Before the access decision, which walks the document. */
    @Override
    public int getOrder() {
        return AccessDecisionInstrumentation.ORDER - 10;
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(
            DocumentAndVariables documentAndVariables,
            InstrumentationExecutionParameters parameters,
            @Nullable InstrumentationState state) {
        RequestRecord trace = RequestRecord.of(parameters.getExecutionInput().getGraphQLContext());
        if (trace != null) {
            trace.parsed(documentAndVariables.getDocument());
        }
        String tooComplex = limits.check(documentAndVariables.getDocument());
        if (tooComplex != null) {
            throw new AbortExecutionException(List.of(Refusals.error(ErrorCode.QUERY_TOO_COMPLEX, tooComplex)));
        }
        return documentAndVariables;
    }
}
