package org.govshare.gateway.testing;

import tools.jackson.databind.JsonNode;

/**
 * The demo pension fund's verification jobs over {@code /jobs}, for tests that need a job to look at: submitted with a
 * client-credentials token from the demo issuer, purpose {@code PENSION_ELIGIBILITY_CHECK}, on behalf of one official
 * handling one case.
 */
public final class DemoJobs {
    public static final String CONSUMER = "pension-fund";
    public static final String PURPOSE = "PENSION_ELIGIBILITY_CHECK";
    public static final String CASE = "PENSION-2026-12";
    public static final String OPERATOR = "fund-clerk-3";

    private final JobClient client;

    public DemoJobs(int port) {
        this.client = new JobClient(port, TestTokens.fromIssuer(port, CONSUMER), PURPOSE, CASE, OPERATOR);
    }

    /** Submits a job verifying each resident's name (CSV {@code idNumber,name}); its id. */
    public String submitNames(String csv) {
        return client.submitted("Resident", null, "text/csv", csv);
    }

    /** Waits until the job no longer runs; its progress as {@code GET /jobs/{id}} shows it. */
    public JsonNode awaitFinished(String id) {
        return client.awaitFinished(id);
    }
}
