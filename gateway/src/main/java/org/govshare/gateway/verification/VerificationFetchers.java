package org.govshare.gateway.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.govshare.connector.plan.PlanCache;
import org.govshare.gateway.read.AllowedOperation;
import org.govshare.gateway.read.Arguments;
import org.govshare.gateway.read.UnwrappedFetcher;
import org.govshare.gateway.request.RequestRecord;
import org.govshare.policy.evaluation.Allowed;
import org.govshare.schema.catalog.Catalog;
import org.govshare.schema.catalog.CatalogType;
import org.govshare.schema.catalog.ColumnField;
import org.govshare.schema.catalog.RootField;
import org.govshare.schema.catalog.VerifyField;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Wires every generated {@code verifyT} root field to one generic fetcher: key arguments checked and normalised,
 * claims read against the catalog, and the {@link Verifier} run for the caller under the operation's decision.
 */
public final class VerificationFetchers implements RuntimeWiringConfigurer {
    /** Makes the verify fields of one catalog version, on that version's plans. */
    @FunctionalInterface
    public interface Factory {
        VerificationFetchers create(Catalog catalog, PlanCache plans);
    }

    private final Catalog catalog;
    private final Verifier verifier;

    public VerificationFetchers(Catalog catalog, Verifier verifier) {
        this.catalog = catalog;
        this.verifier = verifier;
    }

    @Override
    public void configure(graphql.schema.idl.RuntimeWiring.Builder wiring) {
        wiring.type("Query", type -> {
            for (RootField root : catalog.rootFields().values()) {
                if (root instanceof VerifyField verify) {
                    CatalogType target = catalog.requireType(verify.targetType());
                    type.dataFetcher(verify.name(), UnwrappedFetcher.of(environment -> {
                        List<Object> key = new ArrayList<>();
                        for (ColumnField keyField : target.keyColumns()) {
                            key.add(Arguments.value(
                                    keyField, keyField.name(), environment.getArgument(keyField.name())));
                        }
                        Map<?, ?> claims = environment.getArgument("claims");
                        ClaimTree tree = Claims.parse(catalog, target, claims);
                        Allowed allowed = AllowedOperation.decisionIn(environment.getGraphQlContext());
                        if (allowed == null) {
                            // Every data request passes the access decision first; nothing is checked without one.
                            throw new IllegalStateException("no access decision for this operation");
                        }
                        CompletableFuture<Verifier.Result> result = verifier.verify(
                                tree,
                                key,
                                allowed,
                                allowed.consumer(),
                                RequestRecord.of(environment.getGraphQlContext()));
                        return result;
                    }));
                }
            }
            return type;
        });
    }
}
