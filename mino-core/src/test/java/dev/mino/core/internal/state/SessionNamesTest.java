package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionNamesTest {

    static Stream<Arguments> invalidNames() {
        String separators = "': must not contain path separators or '..'";
        String characters = "': must contain only alphanumeric characters, hyphens, or underscores";
        return Stream.of(
            Arguments.of("", "Session name cannot be empty"),
            Arguments.of("a/b", "Invalid session name 'a/b" + separators),
            Arguments.of("a\\b", "Invalid session name 'a\\b" + separators),
            Arguments.of("..", "Invalid session name '.." + separators),
            Arguments.of("x..y", "Invalid session name 'x..y" + separators),
            Arguments.of("a\0b", "Invalid session name 'a\\u0000b" + separators),
            Arguments.of("a b", "Invalid session name 'a b" + characters),
            Arguments.of("a.b", "Invalid session name 'a.b" + characters),
            Arguments.of("a\nb", "Invalid session name 'a\\nb" + characters),
            Arguments.of("caf\u00e9", "Invalid session name 'caf\u00e9" + characters),
            Arguments.of("x".repeat(65), "Invalid session name '" + "x".repeat(64)
                + "...': 65 characters is more than the limit of 64"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void rejectsInvalidNamesWithMessageAndHint(String name, String message) {
        MinoException e = assertThrows(MinoException.class, () -> SessionNames.validate(name));
        assertEquals(message, e.getMessage());
        assertFalse(e.hint().isEmpty(), "a hint is given");
        assertFalse(SessionNames.isValid(name));
    }

    @Test
    void rejectsNull() {
        assertEquals("Session name cannot be empty",
            assertThrows(MinoException.class, () -> SessionNames.validate(null)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"session-1a2b3c4d", "My_Session-2", "a", "-", "_x_"})
    void acceptsValidNames(String name) {
        assertEquals(name, SessionNames.validate(name));
        assertTrue(SessionNames.isValid(name));
    }

    @Test
    void acceptsExactlySixtyFourCharacters() {
        String name = "n".repeat(SessionNames.MAX_LENGTH);
        assertEquals(name, SessionNames.validate(name));
    }

    @Test
    void generatesValidDistinctNames() {
        String name = SessionNames.generate();
        assertTrue(name.matches("session-[0-9a-f]{8}"), name);
        assertTrue(SessionNames.isValid(name));
        assertNotEquals(name, SessionNames.generate());
    }
}
