package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"typescript", "my_layer", "My-Layer-2", "a", "_", "-"})
    void acceptsNamesOfTheAllowedCharacters(String name) {
        assertEquals(name, LayerName.requireValid(name));
        assertTrue(LayerName.isValid(name));
    }

    @Test
    void emptyName() {
        LayerException e = assertThrows(LayerException.class, () -> LayerName.requireValid(""));
        assertEquals("Layer name cannot be empty", e.getMessage());
        assertFalse(e.hint().isEmpty());
        assertFalse(LayerName.isValid(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "a\\b", "..", "a..b", "nul\0byte"})
    void pathSeparatorsDotDotAndNul(String name) {
        LayerException e = assertThrows(LayerException.class, () -> LayerName.requireValid(name));
        assertEquals("Invalid layer name '" + name + "': must not contain path separators or '..'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a.b", "ünï", "x;y", "a:b", "."})
    void otherCharacters(String name) {
        LayerException e = assertThrows(LayerException.class, () -> LayerName.requireValid(name));
        assertEquals("Invalid layer name '" + name
                + "': must contain only alphanumeric characters, hyphens, or underscores", e.getMessage());
    }

    @Test
    void atMost64Characters() {
        assertTrue(LayerName.isValid("a".repeat(64)));
        LayerException e = assertThrows(LayerException.class, () -> LayerName.requireValid("a".repeat(65)));
        assertTrue(e.getMessage().endsWith("must be at most 64 characters"), e.getMessage());
    }
}
