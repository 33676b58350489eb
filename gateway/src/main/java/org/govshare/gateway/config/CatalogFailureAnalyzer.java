package org.govshare.gateway.config;

import org.govshare.schema.catalog.CatalogException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a catalog defect at start-up into one clear message naming the SDL file, line and cause. */
class CatalogFailureAnalyzer extends AbstractFailureAnalyzer<CatalogException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CatalogException cause) {
        return new FailureAnalysis(
                "The catalog is invalid: " + cause.getMessage(),
                "Fix the catalog SDL at " + cause.location() + " (or the source it binds) and start again.",
                cause);
    }
}
