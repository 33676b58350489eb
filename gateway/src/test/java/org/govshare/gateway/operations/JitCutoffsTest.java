package org.govshare.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JitCutoffsTest {
    @Test
    void hotSpotsDefaultCutoffsAreNamedWithTheirValues() {
        Map<String, String> defaults =
                Map.of("PerMethodRecompilationCutoff", "400", "PerBytecodeRecompilationCutoff", "200");

        assertThat(JitCutoffs.below(name -> Optional.ofNullable(defaults.get(name))))
                .containsExactly("PerMethodRecompilationCutoff=400", "PerBytecodeRecompilationCutoff=200");
    }

    @Test
    void theStartCommandsCutoffsSayNothing() {
        assertThat(JitCutoffs.below(name -> Optional.of("10000"))).isEmpty();
    }

    @Test
    void oneCutoffRaisedAndTheOtherNotNamesTheOther() {
        Map<String, String> half =
                Map.of("PerMethodRecompilationCutoff", "10000", "PerBytecodeRecompilationCutoff", "200");

        assertThat(JitCutoffs.below(name -> Optional.ofNullable(half.get(name))))
                .containsExactly("PerBytecodeRecompilationCutoff=200");
    }

    @Test
    void aJvmWithoutTheOptionsSaysNothing() {
        assertThat(JitCutoffs.below(name -> Optional.empty())).isEmpty();
    }

    @Test
    void theWarningGivesTheFlagsToStartWith() {
        assertThat(JitCutoffs.message(java.util.List.of("PerMethodRecompilationCutoff=400")))
                .contains("PerMethodRecompilationCutoff=400")
                .contains("-XX:PerMethodRecompilationCutoff=10000 -XX:PerBytecodeRecompilationCutoff=10000")
                .contains("step 7");
    }
}
