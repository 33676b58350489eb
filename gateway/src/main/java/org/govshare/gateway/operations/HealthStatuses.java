package org.govshare.gateway.operations;

import org.springframework.boot.health.contributor.Status;

/** The health statuses the gateway reports beyond Spring Boot's own. */
public final class HealthStatuses {
    /** Serving, with reduced guarantees: a source resting, or quotas enforced on each instance's local share. */
    public static final Status DEGRADED = new Status("DEGRADED", "serving with reduced guarantees");

    private HealthStatuses() {}
}
