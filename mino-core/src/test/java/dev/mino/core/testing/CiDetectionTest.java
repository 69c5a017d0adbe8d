package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value CI services give {@code CI} counts as CI, so that no test skips there by accident. */
class CiDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "True", "yes", "YES", "Yes", "on", "ON", " true "})
    void trueishValuesCountAsCi(String value) {
        assertTrue(TestPodman.isTrueish(value), value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "false", "no", "off", "  ", "truthy", "y"})
    void otherValuesDoNot(String value) {
        assertFalse(TestPodman.isTrueish(value), String.valueOf(value));
    }
}
