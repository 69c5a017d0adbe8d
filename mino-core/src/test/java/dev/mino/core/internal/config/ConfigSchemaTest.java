package dev.mino.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    @Test
    void unknownKeysAreListedInFileOrderWithQuotedPartsWhereNeeded() {
        String text = "top = 1\n[container]\n\"image.x\" = 1\nimage = \"ok\"\n[container.env]\nANY = \"x\"\n"
            + "[vm.extra]\nq = 1\n";

        assertEquals(List.of("top", "container.\"image.x\"", "vm.extra"),
            ConfigSchema.unknownKeys(TomlReader.parse(text, Path.of("t.toml"))));
    }

    @Test
    void valuesOfTheWrongShapeAreLeftToTheTypeCheck() {
        assertEquals(List.of(), ConfigSchema.unknownKeys(TomlReader.parse("container = 5\n", Path.of("t.toml"))));
    }
}
