package org.govshare.gateway.catalog;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.redis.Announcements;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.request.AdministrativeRecorder;
import org.govshare.policy.store.GrantCatalogCheck;
import org.govshare.policy.store.JdbcPolicyAdministration;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogException;
import org.govshare.schema.catalog.CatalogFile;
import org.govshare.schema.catalog.CatalogProblem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the catalog without a restart. A reload reads the catalog's files again and checks them as a start-up
 * does; an invalid catalog is refused with every problem and the running version stays. A valid, changed one is
 * built, recorded in the control plane as the next version (who, when, why, its files), written to the audit trail,
 * swapped in, and announced: every other instance hears it (or finds it when it next looks, every few seconds) and
 * serves the same files. The answer names the grants that the new catalog leaves pointing at fields it no longer has
 * (or no longer shares); they allow nothing there, and are never widened.
 */
public final class CatalogReloads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogReloads.class);

    /** How a reload ended. */
    public enum Outcome {
        /** A new version serves. */
        RELOADED,
        /** The files are those of the version serving: nothing changed. */
        UNCHANGED,
        /** The files have problems; the version serving stays. */
        REFUSED
    }

    /** The answer to a reload: the version serving afterwards, the problems, and the grants the change leaves. */
    public record Result(
            Outcome outcome,
            CatalogRecord serving,
            List<String> problems,
            List<GrantCatalogCheck.Problem> grantProblems) {
        public Result {
            problems = List.copyOf(problems);
            grantProblems = List.copyOf(grantProblems);
        }
    }

    private final LiveCatalog live;
    private final CatalogBuild build;
    private final CatalogStore store;
    private final CatalogLocation location;
    private final JdbcPolicyAdministration grants;
    private final AdministrativeRecorder audit;
    private final Clock clock;
    private final Announcements announcements;
    /** A recorded version this instance could not serve: not tried again until a newer one is recorded. */
    private volatile long unservable;

    public CatalogReloads(
            LiveCatalog live,
            CatalogBuild build,
            CatalogStore store,
            CatalogLocation location,
            JdbcPolicyAdministration grants,
            AdministrativeRecorder audit,
            Clock clock,
            @Nullable SharedRedis redis,
            String keyPrefix) {
        this.live = live;
        this.build = build;
        this.store = store;
        this.location = location;
        this.grants = grants;
        this.audit = audit;
        this.clock = clock;
        // Every field adoptNewest reads is set: a connection to Redis may call it at once.
        this.announcements = new Announcements(redis, keyPrefix + ":catalog", this::adoptNewest);
    }

    /**
     * The version to serve at start-up: the files at the location, checked (a {@link CatalogException} with every
     * problem stops start-up), and recorded as a new version unless they are the newest one recorded.
     */
    public static CatalogVersion start(
            CatalogBuild build, CatalogStore store, CatalogLocation location, String instance) throws SQLException {
        List<CatalogFile> files = location.read();
        Catalog catalog = build.check(files);
        String digest = CatalogRecord.digest(files);
        Optional<CatalogRecord> newest = store.newest();
        CatalogRecord record = newest.isPresent() && newest.get().digest().equals(digest)
                ? newest.get()
                : recordAtStart(store, files, instance, location);
        return build.build(catalog, files, record, null);
    }

    private static CatalogRecord recordAtStart(
            CatalogStore store, List<CatalogFile> files, String instance, CatalogLocation location)
            throws SQLException {
        try {
            return store.record(files, "start-up of " + instance, "the catalog at " + location.describe());
        } catch (SQLException e) {
            // Another instance recorded the same files at the same moment.
            Optional<CatalogRecord> newest = store.newest();
            if (newest.isPresent() && newest.get().digest().equals(CatalogRecord.digest(files))) {
                return newest.get();
            }
            throw e;
        }
    }

    /**
     * Reads the catalog's files again and makes them the next version if they are valid and changed. Reloads on this
     * instance run one at a time.
     */
    public synchronized Result reload(String admin, String reason) {
        CatalogVersion serving = live.current();
        List<CatalogFile> files;
        Catalog catalog;
        try {
            files = location.read();
            catalog = build.check(files);
        } catch (CatalogException e) {
            return refused(
                    admin,
                    serving,
                    e.problems().stream().map(CatalogProblem::toString).toList());
        } catch (RuntimeException e) {
            return refused(admin, serving, List.of("the catalog cannot be read: " + e.getMessage()));
        }
        if (CatalogRecord.digest(files).equals(serving.record().digest())) {
            return new Result(Outcome.UNCHANGED, serving.record(), List.of(), List.of());
        }
        CatalogVersion built;
        try {
            built = build.build(catalog, files, provisional(serving, admin, reason, files), serving);
        } catch (RuntimeException e) {
            log.warn("a checked catalog could not be built", e);
            return refused(admin, serving, List.of("the catalog cannot be built: " + e.getMessage()));
        }
        CatalogRecord recorded;
        try {
            recorded = store.record(files, admin, reason);
        } catch (SQLException e) {
            throw new GovshareException(
                    ErrorCode.SOURCE_UNAVAILABLE, "the control plane cannot record the catalog version; try again");
        }
        audited(
                admin,
                "reloadCatalog: version " + recorded.version() + " (" + recorded.digest() + ") from "
                        + location.describe() + ": " + reason,
                List.of());
        live.swap(built.recordedAs(recorded));
        announcements.announce(String.valueOf(recorded.version()));
        log.info("catalog version {} serves, made by {}: {}", recorded.version(), admin, reason);
        return new Result(Outcome.RELOADED, recorded, List.of(), grantProblems(catalog));
    }

    /**
     * Serves the newest recorded version if it is newer than the one serving: on an announcement, on reconnecting to
     * Redis, and every few seconds. A version this instance cannot serve (its sources differ) is logged and skipped.
     */
    public void adoptNewest() {
        Optional<CatalogRecord> newest;
        try {
            newest = store.newest();
        } catch (SQLException | RuntimeException e) {
            log.debug("cannot look for a newer catalog version now", e);
            return;
        }
        if (newest.isEmpty()
                || newest.get().version() <= live.current().number()
                || newest.get().version() == unservable) {
            return;
        }
        synchronized (this) {
            CatalogRecord record = newest.get();
            if (record.version() <= live.current().number()) {
                return;
            }
            try {
                List<CatalogFile> files = store.files(record.version());
                Catalog catalog = build.check(files);
                live.swap(build.build(catalog, files, record, live.current()));
                log.info(
                        "catalog version {} serves, made by {} on another instance", record.version(), record.author());
            } catch (CatalogException e) {
                unservable = record.version();
                log.error(
                        "catalog version {} cannot serve on this instance; version {} stays:\n{}",
                        record.version(),
                        live.current().number(),
                        e.getMessage());
            } catch (SQLException | RuntimeException e) {
                log.warn("catalog version {} not adopted yet", record.version(), e);
            }
        }
    }

    /** The recorded versions, newest first. */
    public List<CatalogRecord> versions(int limit) {
        try {
            return store.versions(limit);
        } catch (SQLException e) {
            throw new GovshareException(ErrorCode.SOURCE_UNAVAILABLE, "the control plane cannot be read; try again");
        }
    }

    private Result refused(String admin, CatalogVersion serving, List<String> problems) {
        audited(
                admin,
                "reloadCatalog refused: " + problems.size() + " problem(s) in " + location.describe(),
                List.of(ErrorCode.INVALID_ARGUMENT.name()));
        return new Result(Outcome.REFUSED, serving.record(), problems, List.of());
    }

    private List<GrantCatalogCheck.Problem> grantProblems(Catalog catalog) {
        try {
            return GrantCatalogCheck.problems(catalog, grants.grants(null));
        } catch (SQLException e) {
            log.warn("the grants could not be checked against the new catalog", e);
            return List.of();
        }
    }

    /** The reload is on the record before the answer leaves; without the record, the caller hears so. */
    private void audited(String admin, String operation, List<String> codes) {
        audit.record(admin, operation, codes);
    }

    private CatalogRecord provisional(CatalogVersion serving, String admin, String reason, List<CatalogFile> files) {
        return new CatalogRecord(
                serving.number() + 1,
                clock.instant(),
                admin,
                reason,
                CatalogRecord.digest(files),
                new ArrayList<>(files.stream().map(CatalogFile::name).toList()));
    }

    @Override
    public void close() {
        announcements.close();
    }
}
