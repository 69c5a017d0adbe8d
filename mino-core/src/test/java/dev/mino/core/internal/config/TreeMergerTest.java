package dev.mino.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeMergerTest {

    private static final Path GLOBAL = Path.of("/g/config.toml");
    private static final Path LOCAL = Path.of("/p/.mino.toml");

    private static ObjectNode toml(String text) {
        return TomlReader.parse(text, Path.of("test.toml"));
    }

    @Test
    void tablesRecurseScalarsAndArraysReplace() {
        TreeMerger.Merged merged = TreeMerger.merge(
            toml("[a]\nx = 1\ny = [1, 2]\n[a.deep]\nk = \"g\"\nkeep = true\n[b]\nz = 1\n"), GLOBAL,
            toml("[a]\nx = 2\ny = [3]\n[a.deep]\nk = \"l\"\n"), LOCAL);

        assertEquals(toml("[a]\nx = 2\ny = [3]\n[a.deep]\nk = \"l\"\nkeep = true\n[b]\nz = 1\n"), merged.tree());
        assertEquals(LOCAL, merged.originOf(List.of("a", "x")));
        assertEquals(LOCAL, merged.originOf(List.of("a", "y")));
        assertEquals(LOCAL, merged.originOf(List.of("a", "deep", "k")));
        assertEquals(GLOBAL, merged.originOf(List.of("a", "deep", "keep")));
        assertEquals(GLOBAL, merged.originOf(List.of("b", "z")));
        assertEquals(GLOBAL, merged.originOf(List.of("a")));
    }

    @Test
    void aScalarReplacesATableAndATableReplacesAScalar() {
        TreeMerger.Merged merged = TreeMerger.merge(toml("[a]\nx = 1\nb = 5\n"), GLOBAL,
            toml("a = 3\n[b]\ny = 2\n"), LOCAL);

        assertEquals(toml("a = 3\n[b]\ny = 2\n"), merged.tree());
        assertEquals(LOCAL, merged.originOf(List.of("a")));
        assertEquals(LOCAL, merged.originOf(List.of("b", "y")), "inside a table that came from the local file");
    }

    @Test
    void inputsAreNotChanged() {
        ObjectNode global = toml("[a]\nx = 1\n");
        ObjectNode local = toml("[a]\nx = 2\n");

        TreeMerger.merge(global, GLOBAL, local, LOCAL);

        assertEquals(toml("[a]\nx = 1\n"), global);
    }
}
