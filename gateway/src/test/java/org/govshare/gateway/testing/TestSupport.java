package org.govshare.gateway.testing;

/** Spring test properties shared by the gateway's tests. */
public final class TestSupport {
    /** Adds the test-only grants (db/test) to the demo grants. */
    public static final String TEST_GRANTS =
            "spring.flyway.locations=classpath:db/migration/policy,classpath:db/migration/audit,classpath:db/demo,"
                    + "classpath:db/test";

    private TestSupport() {}
}
