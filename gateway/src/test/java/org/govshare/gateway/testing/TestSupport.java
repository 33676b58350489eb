package org.govshare.gateway.testing;

/** Spring test properties shared by the gateway's tests. */
public final class TestSupport {
    /** Adds the test-only grants (db/test) to the demo grants. */
    public static final String TEST_GRANTS =
            "spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,classpath:db/demo,"
                    + "classpath:db/test";

    /** The workflow's query fields, which every caller's schema has beside the data it may use. */
    public static final java.util.List<String> WORKFLOW_QUERY_FIELDS = java.util.List.of(
            "catalog", "myCorrections", "myShareRequests", "mySchema", "schemaPreview", "shareRequest");

    private TestSupport() {}
}
