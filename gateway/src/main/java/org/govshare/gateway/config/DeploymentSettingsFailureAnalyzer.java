package org.govshare.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows every missing or invalid setting at once, and how to run the demo instead. */
class DeploymentSettingsFailureAnalyzer extends AbstractFailureAnalyzer<DeploymentSettingsException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DeploymentSettingsException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                cause.demo()
                        ? "Remove the settings above to run the demo."
                        : "Set each of them (docs/examples/application.yml is a complete, commented configuration;"
                                + " README, \"Run it on your own data\"), or run the demo with"
                                + " --spring.profiles.active=demo.",
                cause);
    }
}
