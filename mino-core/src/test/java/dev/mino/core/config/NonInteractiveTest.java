package dev.mino.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NonInteractiveTest {

    @Test
    void interactiveOnlyWithBothTerminalsAndNoCi() {
        assertFalse(NonInteractive.detect(Map.of("TERM", "xterm"), true, true));
        assertTrue(NonInteractive.detect(Map.of(), false, true));
        assertTrue(NonInteractive.detect(Map.of(), true, false));
        assertTrue(NonInteractive.detect(Map.of(), false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "BUILDKITE",
        "TEAMCITY_VERSION", "TF_BUILD"})
    void anyCiVariableEvenEmptyMeansNonInteractive(String variable) {
        assertTrue(NonInteractive.detect(Map.of(variable, ""), true, true));
        assertTrue(NonInteractive.detect(Map.of(variable, "false"), true, true));
    }
}
