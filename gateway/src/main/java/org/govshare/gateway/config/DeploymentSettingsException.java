package org.govshare.gateway.config;

import java.util.List;

/** The settings do not allow the gateway to start: every problem, each naming its setting and what to set. */
public final class DeploymentSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean demo;
    private final List<String> problems;

    DeploymentSettingsException(boolean demo, List<String> problems) {
        super((demo ? "The demo cannot start: " : "govshare cannot start in production: ") + problems.size()
                + " setting(s) missing or invalid:\n  - " + String.join("\n  - ", problems));
        this.demo = demo;
        this.problems = List.copyOf(problems);
    }

    public boolean demo() {
        return demo;
    }

    public List<String> problems() {
        return problems;
    }
}
