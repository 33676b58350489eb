package org.govshare.gateway.audit;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.govshare.connector.source.ProcessorSlots;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.request.AdministrativeRecorder;

/**
 * Puts an administrative operation (a catalog reload, a grant import) on the audit trail before its answer leaves:
 * when the trail cannot take the record, the admin is told so ({@code SOURCE_UNAVAILABLE}) instead of a success that
 * nobody could account for.
 */
public final class AdministrativeRecords implements AdministrativeRecorder {
    private final AuditLog log;
    private final Clock clock;

    public AdministrativeRecords(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Records what {@code admin} did, refused with {@code codes} or (none) done, and waits until it is durable. */
    @Override
    public void record(String admin, String operation, List<String> codes) {
        ProcessorSlots.Wait waiting = ProcessorSlots.waiting();
        try {
            log.appendAdministrative(clock.instant(), admin, operation, codes).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AuditUnavailableException) {
                throw new GovshareException(
                        ErrorCode.SOURCE_UNAVAILABLE, "the audit trail is unavailable; the operation is not recorded");
            }
            throw e;
        } finally {
            waiting.close();
        }
    }
}
