package org.govshare.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** No execution runs past its deadline: what is left is not fetched, and the answer says why. */
class ExecutionDeadlineTest {
    private final AtomicInteger fetched = new AtomicInteger();

    private GraphQL graphQl(ExecutionDeadline deadline) {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("items", environment -> Collections.nCopies(40, Map.of())))
                .type(
                        "Item",
                        type -> type.dataFetcher("slow", environment -> {
                            fetched.incrementAndGet();
                            Thread.sleep(50);
                            return "value";
                        }))
                .build();
        GraphQLSchema schema = new SchemaGenerator()
                .makeExecutableSchema(
                        new SchemaParser().parse("type Query { items: [Item] } type Item { slow: String }"), wiring);
        return GraphQL.newGraphQL(schema).instrumentation(deadline).build();
    }

    @Test
    void anExecutionPastItsDeadlineIsStoppedAndRefused() {
        try (ExecutionDeadline deadline = new ExecutionDeadline(Duration.ofMillis(300))) {
            long started = System.nanoTime();
            ExecutionResult result = graphQl(deadline).execute(ExecutionInput.newExecutionInput("{ items { slow } }"));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(result.getErrors()).hasSize(1);
            assertThat(result.getErrors().get(0).getExtensions()).containsEntry("code", "QUERY_TOO_COMPLEX");
            assertThat(result.getErrors().get(0).getMessage()).contains("300 ms");
            // 40 fetches of 50 ms would take 2 s; the execution stops at the first field after the deadline.
            assertThat(fetched.get()).isLessThan(40);
            assertThat(elapsedMillis).isLessThan(2_000);
        }
    }

    @Test
    void anExecutionWithinItsDeadlineIsUntouched() {
        try (ExecutionDeadline deadline = new ExecutionDeadline(Duration.ofSeconds(30))) {
            ExecutionResult result = graphQl(deadline).execute("{ items { slow } }");

            assertThat(result.getErrors()).isEmpty();
            assertThat(fetched.get()).isEqualTo(40);
            assertThat(result.<Map<String, List<?>>>getData().get("items")).hasSize(40);
        }
    }
}
