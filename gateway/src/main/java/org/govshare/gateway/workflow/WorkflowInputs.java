package org.govshare.gateway.workflow;

import java.util.List;
import java.util.Map;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.policy.model.Access;
import org.govshare.policy.model.FieldCoordinate;
import org.govshare.policy.workflow.ShareRequests;

/** Workflow arguments read and checked for form; a malformed one is {@code INVALID_ARGUMENT}. */
public final class WorkflowInputs {
    private WorkflowInputs() {}

    /** A list of {@code RequestedField} inputs. */
    public static List<ShareRequests.RequestedField> requested(Object input) {
        if (!(input instanceof List<?> list)) {
            throw invalid("fields must be a list");
        }
        return list.stream()
                .map(entry -> {
                    Map<?, ?> field = (Map<?, ?>) entry;
                    return new ShareRequests.RequestedField(
                            field(String.valueOf(field.get("field"))), access(String.valueOf(field.get("access"))));
                })
                .toList();
    }

    public static FieldCoordinate field(String coordinate) {
        try {
            return FieldCoordinate.parse(coordinate);
        } catch (IllegalArgumentException e) {
            throw invalid("field must be a field coordinate (Type.field)");
        }
    }

    public static Access access(String access) {
        try {
            return Access.valueOf(access);
        } catch (IllegalArgumentException e) {
            throw invalid("access must be READ or VERIFY");
        }
    }

    public static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw invalid("id is not a share request or report id");
        }
    }

    public static GovshareException invalid(String message) {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
