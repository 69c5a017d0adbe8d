package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAliasTest {

    @ParameterizedTest
    @CsvSource({
        "typescript, typescript", "ts, typescript", "node, typescript",
        "rust, rust", "cargo, rust",
        "python, python", "py, python"})
    void languageAliasesNameBuiltInLayers(String input, String layer) {
        ImageAlias alias = ImageAlias.resolve(input);
        assertEquals(ImageAlias.Kind.LAYER, alias.kind());
        assertEquals(layer, alias.target());
        assertEquals(input, alias.input());
        assertTrue(alias.isLayer());
    }

    @Test
    void baseIsTheBaseImageWithNoLayers() {
        ImageAlias alias = ImageAlias.resolve("base");
        assertEquals(ImageAlias.Kind.BASE, alias.kind());
        assertEquals(CompositionPlan.DEFAULT_BASE_IMAGE, alias.target());
        assertFalse(alias.isLayer());
    }

    @Test
    void baseFollowsAConfiguredBaseImage() {
        assertEquals("localhost/mino-base:test", ImageAlias.resolve("base", "localhost/mino-base:test").target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fedora:43", "docker.io/library/node", "ghcr.io/x/ts", "localhost/py:1", "fedora",
        "my-local-image", "TS", "base:latest"})
    void everythingElseIsAVerbatimImage(String input) {
        ImageAlias alias = ImageAlias.resolve(input);
        assertEquals(ImageAlias.Kind.IMAGE, alias.kind());
        assertEquals(input, alias.target());
    }

    @Test
    void blankIsRejected() {
        assertThrows(LayerException.class, () -> ImageAlias.resolve(" "));
    }
}
