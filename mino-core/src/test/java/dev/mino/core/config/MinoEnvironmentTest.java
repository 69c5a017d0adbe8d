package dev.mino.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinoEnvironmentTest {

    @ParameterizedTest
    @CsvSource({"1,true", "0,false", "true,true", "false,false", "yes,true", "no,false", "on,true", "off,false",
        "TRUE,true", "False,false", "YeS,true", "NO,false", "ON,true", "oFF,false"})
    void acceptsEverySpellingInAnyCase(String text, boolean expected) {
        assertEquals(Optional.of(expected), MinoEnvironment.parseBoolean(text));
        assertEquals(Optional.of(expected), MinoEnvironment.flag(Map.of("X", text), "X"));
    }

    @Test
    void unsetAndEmptyVariablesAreNotGiven() {
        assertEquals(Optional.empty(), MinoEnvironment.flag(Map.of(), "X"));
        assertEquals(Optional.empty(), MinoEnvironment.flag(Map.of("X", ""), "X"));
    }

    @Test
    void otherValuesAreAnErrorNamingTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> MinoEnvironment.flag(Map.of("MINO_TRUST_LOCAL", "enabled"), "MINO_TRUST_LOCAL"));

        assertEquals("Invalid value for environment variable MINO_TRUST_LOCAL: \"enabled\" is not a boolean"
            + " (true/false, 1/0, yes/no, on/off)", e.getMessage());
        assertEquals("Set MINO_TRUST_LOCAL to true or false, or unset it", e.hint());
    }
}
