package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * Every value CI services give {@code CI} counts as CI, and in CI a test whose prerequisite is
 * missing fails rather than skips.
 */
class CiDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "True", "yes", "YES", "Yes", "on", "ON", " true "})
    void trueishValuesCountAsCi(String value) {
        assertTrue(TestPodman.isTrueish(value), value);
    }

    @Test
    void aMissingPrerequisiteFailsInCiAndSkipsElsewhere() {
        AssertionError failed = assertThrows(AssertionError.class, () -> Prerequisites.require(false, "tmux", true));
        assertTrue(failed.getMessage().contains("tmux"), failed.getMessage());
        assertThrows(TestAbortedException.class, () -> Prerequisites.require(false, "tmux", false));
        Prerequisites.require(true, "tmux", true);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "false", "no", "off", "  ", "truthy", "y"})
    void otherValuesDoNot(String value) {
        assertFalse(TestPodman.isTrueish(value), String.valueOf(value));
    }
}
