package org.govshare.gateway.config;

import org.govshare.schema.catalog.CatalogException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a catalog's defects at start-up into one message naming every problem with its SDL file, line and cause. */
class CatalogFailureAnalyzer extends AbstractFailureAnalyzer<CatalogException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CatalogException cause) {
        return new FailureAnalysis(
                "The catalog is invalid (" + cause.problems().size() + " problem(s)):\n" + cause.getMessage(),
                "Fix the catalog SDL (or the sources it binds) and start again; check it first with"
                        + " java -jar govshare-gateway-…-exec.jar check-catalog <folder> --config=<application.yml>.",
                cause);
    }
}
