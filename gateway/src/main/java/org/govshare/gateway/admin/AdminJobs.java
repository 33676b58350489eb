package org.govshare.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.catalog.LiveCatalog;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.job.Job;
import org.govshare.gateway.job.JobStore;
import org.govshare.gateway.job.VerificationJobs;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;

/**
 * Verification jobs on the admin API ({@code verificationJobs}): the authority sees every consumer's, a steward only
 * the jobs that touch one of its own sources (the verified type's source, or the source of a related record the job's
 * claims are about), and of each only the progress at its own sources. Read only: the authority stops a consumer's batch use through its grant
 * ({@code changeGrant}), which stops its running jobs before another subject is checked.
 */
@AdminController
final class AdminJobs {
    static final int MAXIMUM_PAGE = 100;
    private static final String CURSOR_PREFIX = "j1:";
    /** A decoded cursor: seconds and nanoseconds of the submission, and the job's id. */
    private static final Pattern CURSOR = Pattern.compile("j1:(-?[0-9]{1,19})\\.([0-9]{1,9}):([0-9A-Za-z-]{1,36})");

    private final JobStore store;
    private final LiveCatalog live;

    AdminJobs(JobStore store, LiveCatalog live) {
        this.store = store;
        this.live = live;
    }

    @QueryMapping
    JobViews.VerificationJobConnection verificationJobs(
            Caller caller,
            @Argument @Nullable String consumer,
            @Argument @Nullable List<Job.State> states,
            @Argument @Nullable Integer first,
            @Argument @Nullable String after)
            throws SQLException {
        int size = first == null ? 50 : first;
        if (size < 1 || size > MAXIMUM_PAGE) {
            throw invalid("first must be between 1 and " + MAXIMUM_PAGE);
        }
        Catalog catalog = live.catalog();
        Set<String> own = caller.isAdmin() ? null : Set.copyOf(caller.roles().stewardOf());
        Set<Job.State> wanted = states == null || states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
        List<Job> jobs = store.listed(
                new JobStore.Listing(
                        consumer,
                        wanted,
                        own,
                        own == null ? Set.of() : typesOn(catalog, own),
                        after == null ? null : position(after)),
                size + 1);
        List<Job> page = jobs.subList(0, Math.min(size, jobs.size()));
        Map<String, JobStore.Sources> sources =
                store.sources(page.stream().map(Job::id).toList());
        List<JobViews.VerificationJobEdge> edges = new ArrayList<>();
        for (Job job : page) {
            VerificationJobs.Progress progress = VerificationJobs.progress(job, sources.get(job.id()), catalog);
            edges.add(new JobViews.VerificationJobEdge(cursor(job), JobViews.VerificationJob.of(progress, own)));
        }
        return new JobViews.VerificationJobConnection(
                edges,
                new JobViews.VerificationJobPageInfo(
                        jobs.size() > size,
                        edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }

    /** The types whose data lives on these sources. */
    private static Set<String> typesOn(Catalog catalog, Set<String> sources) {
        return catalog.types().values().stream()
                .filter(type -> sources.contains(type.source()))
                .map(CatalogType::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A job's place as a cursor. Not sealed: it names only a time and a job id, and whatever it names, the caller's
     * own filter still decides what the page shows.
     */
    private static String cursor(Job job) {
        Instant at = job.submittedAt();
        String text = CURSOR_PREFIX + at.getEpochSecond() + "." + at.getNano() + ":" + job.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JobStore.Position position(String cursor) {
        if (cursor.length() > 128) {
            throw invalid("after is not a cursor of this list");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("after is not a cursor of this list");
        }
        Matcher parts = CURSOR.matcher(text);
        if (!parts.matches()) {
            throw invalid("after is not a cursor of this list");
        }
        try {
            return new JobStore.Position(
                    Instant.ofEpochSecond(Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2))),
                    parts.group(3));
        } catch (RuntimeException e) {
            // Out of Instant's range.
            throw invalid("after is not a cursor of this list");
        }
    }

    private static GovshareException invalid(String message) {
        return new GovshareException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
