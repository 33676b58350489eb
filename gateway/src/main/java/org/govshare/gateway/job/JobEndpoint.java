package org.govshare.gateway.job;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.govshare.gateway.access.Caller;
import org.govshare.gateway.access.CallerInterceptor;
import org.govshare.gateway.error.ErrorCode;
import org.govshare.gateway.error.GovshareException;
import org.govshare.gateway.error.QuotaExceededException;
import org.govshare.gateway.web.RequestErrors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API of verification jobs, beside {@code /graphql} and with the same bearer token and headers
 * ({@code X-Purpose}, {@code X-Case-Id}, {@code X-Operator-Id}): {@code POST /jobs/verify?type=T[&claims=JSON]} with
 * the subjects as NDJSON or CSV (202 with the job at once), {@code GET /jobs} (the caller's jobs for the purpose),
 * {@code GET /jobs/{id}} (progress), {@code POST /jobs/{id}/cancel}, {@code GET /jobs/{id}/results} (a JSON page, or
 * every outcome as an NDJSON or CSV stream, by {@code Accept}) and {@code DELETE /jobs/{id}} (results deleted now).
 * Errors carry the contract's codes in the GraphQL error form.
 */
@RestController
public class JobEndpoint {
    private static final Logger log = LoggerFactory.getLogger(JobEndpoint.class);
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final int MAXIMUM_PAGE = 10_000;

    private final VerificationJobs jobs;

    JobEndpoint(VerificationJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/jobs/verify")
    ResponseEntity<Map<String, Object>> submit(
            @RequestParam("type") String type,
            @RequestParam(name = "claims", required = false) @Nullable String claims,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
            HttpServletRequest request)
            throws IOException {
        Job job = jobs.submit(caller(request), type, claims, request.getInputStream(), format(contentType));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/jobs/" + job.id())
                .body(shown(jobs.progress(job)));
    }

    @GetMapping("/jobs")
    Map<String, Object> list(HttpServletRequest request) {
        Caller caller = caller(request);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Job job : jobs.jobs(caller)) {
            shown.add(shown(jobs.progress(caller, job.id())));
        }
        return Map.of("jobs", shown);
    }

    @GetMapping("/jobs/{id}")
    Map<String, Object> progress(@PathVariable("id") String id, HttpServletRequest request) {
        return shown(jobs.progress(caller(request), id));
    }

    @PostMapping("/jobs/{id}/cancel")
    Map<String, Object> cancel(@PathVariable("id") String id, HttpServletRequest request) {
        Caller caller = caller(request);
        jobs.cancel(caller, id);
        return shown(jobs.progress(caller, id));
    }

    @DeleteMapping("/jobs/{id}")
    Map<String, Object> delete(@PathVariable("id") String id, HttpServletRequest request) {
        Caller caller = caller(request);
        jobs.delete(caller, id);
        return shown(jobs.progress(caller, id));
    }

    /**
     * A page of outcomes ({@code from}, {@code first}) as JSON; with {@code Accept: application/x-ndjson} or
     * {@code text/csv} every outcome so far as a stream.
     */
    @GetMapping("/jobs/{id}/results")
    void results(
            @PathVariable("id") String id,
            @RequestParam(name = "from", defaultValue = "0") int from,
            @RequestParam(name = "first", defaultValue = "1000") int first,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Caller caller = caller(request);
        MediaType type = streamType(accept);
        if (type == null) {
            if (from < 0 || first < 1 || first > MAXIMUM_PAGE) {
                throw JobClaims.invalid("from must be at least 0 and first between 1 and " + MAXIMUM_PAGE);
            }
            List<JobSubject> page = jobs.results(caller, id, from, first);
            List<Map<String, Object>> results = new ArrayList<>();
            page.forEach(subject -> results.add(result(subject)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("results", results);
            body.put("next", page.size() == first ? page.get(page.size() - 1).position() + 1 : null);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            JobClaims.JSON.writeValue(response.getOutputStream(), body);
            return;
        }
        // Checked (and refused) before anything is written: a stream that began cannot change its status.
        Job job = jobs.job(caller, id);
        response.setContentType(type.toString() + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        OutputStream out = response.getOutputStream();
        if (type.equals(NDJSON)) {
            jobs.stream(caller, id, subject -> write(out, JobClaims.JSON.writeValueAsString(result(subject)) + "\n"));
        } else {
            CSVPrinter printer = new CSVPrinter(
                    new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                    // One line per subject as shell tools read them: LF, not RFC 4180's CRLF.
                    CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
            List<String> header = new ArrayList<>(List.of("key", "outcome"));
            boolean[] started = {false};
            jobs.stream(caller, id, subject -> {
                try {
                    List<String> claims = claims(subject);
                    if (!started[0]) {
                        claims.forEach(claim -> header.add(claim.substring(0, claim.indexOf('='))));
                        printer.printRecord(header);
                        started[0] = true;
                    }
                    List<String> row = new ArrayList<>(List.of(subject.key(), String.valueOf(subject.outcome())));
                    claims.forEach(claim -> row.add(claim.substring(claim.indexOf('=') + 1)));
                    printer.printRecord(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!started[0]) {
                printer.printRecord(header);
            }
            printer.flush();
        }
        log.debug("job {}: results streamed", job.id());
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable MediaType streamType(@Nullable String accept) {
        if (accept == null) {
            return null;
        }
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (NDJSON.equalsTypeAndSubtype(type)) {
                return NDJSON;
            }
            if (CSV.equalsTypeAndSubtype(type)) {
                return CSV;
            }
        }
        return null;
    }

    private static Map<String, Object> result(JobSubject subject) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("key", subject.key());
        shown.put("outcome", subject.outcome());
        List<Map<String, String>> claims = new ArrayList<>();
        for (String claim : claims(subject)) {
            int equals = claim.indexOf('=');
            Map<String, String> claimOutcome = new LinkedHashMap<>();
            claimOutcome.put("claim", claim.substring(0, equals));
            claimOutcome.put("outcome", claim.substring(equals + 1));
            claims.add(claimOutcome);
        }
        shown.put("claims", claims);
        return shown;
    }

    private static List<String> claims(JobSubject subject) {
        String outcomes = subject.claimOutcomes();
        return outcomes == null || outcomes.isEmpty()
                ? new ArrayList<>()
                : new ArrayList<>(List.of(outcomes.split(",")));
    }

    private static Map<String, Object> shown(VerificationJobs.Progress progress) {
        Job job = progress.job();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (VerificationJobs.SourceProgress each : progress.sources()) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("source", each.source());
            source.put("total", each.total());
            source.put("done", each.done());
            source.put("pending", each.pending());
            source.put("waiting", each.waiting());
            sources.add(source);
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", job.id());
        shown.put("type", job.type());
        shown.put("state", job.state().name());
        shown.put("total", job.total());
        shown.put("done", job.done());
        shown.put("pending", progress.pending());
        shown.put("sources", sources);
        shown.put("purpose", job.purpose());
        shown.put("caseId", job.caseId());
        shown.put("operatorId", job.operatorId());
        shown.put("submittedAt", job.submittedAt().toString());
        shown.put(
                "finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        shown.put("resultsExpireAt", job.expiresAt().toString());
        return shown;
    }

    private static SubjectUpload.Format format(@Nullable String contentType) {
        if (contentType != null) {
            MediaType type = MediaType.parseMediaType(contentType);
            if (CSV.equalsTypeAndSubtype(type)) {
                return SubjectUpload.Format.CSV;
            }
            if (NDJSON.equalsTypeAndSubtype(type)
                    || MediaType.parseMediaType("application/jsonl").equalsTypeAndSubtype(type)) {
                return SubjectUpload.Format.NDJSON;
            }
        }
        throw JobClaims.invalid("subjects are uploaded as application/x-ndjson or text/csv");
    }

    private static Caller caller(HttpServletRequest request) {
        return CallerInterceptor.caller(
                SecurityContextHolder.getContext().getAuthentication(),
                request.getHeader(CallerInterceptor.PURPOSE_HEADER),
                request.getHeader(CallerInterceptor.CASE_HEADER),
                request.getHeader(CallerInterceptor.OPERATOR_HEADER));
    }

    @ExceptionHandler(GovshareException.class)
    ResponseEntity<Map<String, Object>> refused(GovshareException e) {
        HttpStatus status =
                switch (e.code()) {
                    case PURPOSE_NOT_GRANTED, FORBIDDEN_FIELD -> HttpStatus.FORBIDDEN;
                    case QUOTA_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
                    case SOURCE_UNAVAILABLE, INTERNAL -> HttpStatus.SERVICE_UNAVAILABLE;
                    default ->
                        e instanceof VerificationJobs.NoSuchJobException
                                ? HttpStatus.NOT_FOUND
                                : HttpStatus.BAD_REQUEST;
                };
        Map<String, Object> error = RequestErrors.error(e.code(), String.valueOf(e.getMessage()));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (e instanceof QuotaExceededException quota) {
            error.put("extensions", quota.extensions());
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(quota.retryAfterSeconds()));
        }
        return response.body(Map.of("errors", List.of(error)));
    }

    /** A parameter missing or not of its type ({@code type}, {@code from=abc}): the contract's refusal. */
    @ExceptionHandler({
        org.springframework.web.bind.ServletRequestBindingException.class,
        org.springframework.beans.TypeMismatchException.class
    })
    ResponseEntity<Map<String, Object>> malformed(Exception e) {
        return refused(JobClaims.invalid("a parameter is missing or malformed (type, claims, from, first)"));
    }

    /** Anything unforeseen: {@code INTERNAL}, its detail in the log only. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> failed(RuntimeException e) {
        log.error("verification jobs: unexpected failure", e);
        return refused(new GovshareException(ErrorCode.INTERNAL, "Internal error"));
    }
}
