package org.govshare.policy.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.schema.catalog.ShareType;
import org.jspecify.annotations.Nullable;

/**
 * A share request (共享申请): a consumer's application for fields for one purpose, each field with its own answer and
 * due date, and every transition with who and why. Its granted fields make up the grant {@link #grantId()}.
 */
public record ShareRequest(
        long id,
        String consumer,
        String purpose,
        String justification,
        int caseVolume,
        int requestedDays,
        Instant submittedAt,
        List<Item> items,
        List<Event> history) {
    /** One requested field and its answer; {@code overdue} when still pending after its due date. */
    public record Item(
            FieldCoordinate field,
            Access requested,
            @Nullable Access granted,
            String source,
            ShareType shareType,
            ItemStatus status,
            LocalDate due,
            boolean overdue,
            @Nullable Instant decidedAt,
            @Nullable String decidedBy,
            @Nullable String reason) {
        public Item {
            requireNonNull(field, "field is null");
            requireNonNull(requested, "requested is null");
            requireNonNull(source, "source is null");
            requireNonNull(shareType, "shareType is null");
            requireNonNull(status, "status is null");
            requireNonNull(due, "due is null");
        }
    }

    /** One transition: when, of which field (null: the whole request), by whom, what, why. */
    public record Event(
            Instant at,
            @Nullable String field,
            String actor,
            String action,
            @Nullable String reason) {
        public Event {
            requireNonNull(at, "at is null");
            requireNonNull(actor, "actor is null");
            requireNonNull(action, "action is null");
        }
    }

    public ShareRequest {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(justification, "justification is null");
        requireNonNull(submittedAt, "submittedAt is null");
        items = List.copyOf(items);
        history = List.copyOf(history);
    }

    /** The id of the grant this request's granted fields make up. */
    public String grantId() {
        return grantId(id);
    }

    public static String grantId(long requestId) {
        return "G-REQ-" + requestId;
    }
}
