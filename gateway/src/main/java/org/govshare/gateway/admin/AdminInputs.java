package org.govshare.gateway.admin;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's input types, bound by Spring for GraphQL from the arguments (same names, same fields). A list the
 * caller left out is empty.
 */
final class AdminInputs {
    private AdminInputs() {}

    /** A change to one grant; every part given is applied, the rest stays. */
    record GrantChangeInput(
            String grantId,
            @Nullable Boolean revoke,
            @Nullable OffsetDateTime validUntil,
            @Nullable List<String> removeFields,
            @Nullable List<String> verifyOnly,
            @Nullable List<RequestedField> addFields,
            @Nullable List<ClaimBindingInput> bindClaims,
            @Nullable List<String> unbindClaims) {
        GrantChangeInput {
            removeFields = removeFields == null ? List.of() : List.copyOf(removeFields);
            verifyOnly = verifyOnly == null ? List.of() : List.copyOf(verifyOnly);
            addFields = addFields == null ? List.of() : List.copyOf(addFields);
            bindClaims = bindClaims == null ? List.of() : List.copyOf(bindClaims);
            unbindClaims = unbindClaims == null ? List.of() : List.copyOf(unbindClaims);
        }

        boolean revokes() {
            return Boolean.TRUE.equals(revoke);
        }
    }

    /** A field and the access asked for it ({@code READ} or {@code VERIFY}). */
    record RequestedField(String field, String access) {}

    /** A bound claim: {@code IncomeRecord.annualIncome AT_MOST 50000}. */
    record ClaimBindingInput(String field, String comparison, String value) {}

    /** A steward's answer on one field of a share request. */
    record FieldAnswer(
            String field, boolean approve, @Nullable String access) {}
}
