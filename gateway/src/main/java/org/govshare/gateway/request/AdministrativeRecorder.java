package org.govshare.gateway.request;

import java.util.List;

/**
 * Puts an administrative operation (a catalog reload, a grant import) on the audit trail before its answer leaves,
 * so that the packages which do such operations need not import the audit package.
 */
public interface AdministrativeRecorder {
    /**
     * Records what {@code admin} did, refused with {@code codes} or (none) done, and waits until it is durable; when
     * the trail cannot take the record, throws a {@code SOURCE_UNAVAILABLE} error instead of a silent success.
     */
    void record(String admin, String operation, List<String> codes);
}
