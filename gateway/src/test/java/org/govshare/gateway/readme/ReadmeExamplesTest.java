package org.govshare.gateway.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadmeExamplesTest {
    private static final String README = """
            # Title

            Not run:

            ```sh
            ./mvnw -B verify
            ```

            <!-- readme-test: run command -->
            ```sh
            java -jar app.jar --spring.profiles.active=demo
            ```

            <!-- readme-test: counted varies=records,at -->
            ```sh
            curl -s localhost:8080/count
            ```

            ```json
            {"data":{"check":{"ok":true,"records":11,"at":"2026-01-01"}}}
            ```
            """;

    @Test
    void onlyMarkedBlocksAreExamplesWithTheirOutputAndVaryingFields() {
        ReadmeExamples examples = ReadmeExamples.parse(README);

        assertThat(examples.examples()).extracting(ReadmeExamples.Example::name).containsExactly("run", "counted");
        assertThat(examples.named("run").output()).isNull();
        assertThat(examples.named("run").commands()).isEqualTo("java -jar app.jar --spring.profiles.active=demo\n");
        assertThat(examples.named("counted").commands()).isEqualTo("curl -s localhost:8080/count\n");
        assertThat(examples.named("counted").outputLanguage()).isEqualTo("json");
        assertThat(examples.named("counted").varies()).containsExactlyInAnyOrder("records", "at");
    }

    @Test
    void onlyTheDeclaredFieldsMayDiffer() {
        ReadmeExamples.Example counted = ReadmeExamples.parse(README).named("counted");
        String shown = counted.output();

        String otherCount = counted.comparable("{\"data\":{\"check\":{\"ok\":true,\"records\":7,\"at\":\"2027\"}}}\n");
        String otherOutcome = counted.comparable("{\"data\":{\"check\":{\"ok\":false,\"records\":11,\"at\":\"x\"}}}");
        String notJson = counted.comparable("curl: (7) Failed to connect\n");

        assertThat(otherCount).isEqualTo(counted.comparable(shown));
        assertThat(otherOutcome).isNotEqualTo(counted.comparable(shown));
        assertThat(notJson).isEqualTo("curl: (7) Failed to connect");
    }

    @Test
    void aMarkerWithoutAShellBlockIsAnError() {
        assertThatThrownBy(() -> ReadmeExamples.parse("<!-- readme-test: lost -->\n\n```json\n{}\n```\n"))
                .hasMessageContaining("lost");
    }
}
