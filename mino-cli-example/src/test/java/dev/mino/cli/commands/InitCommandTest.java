package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.mino.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mino init} (SPEC 1.5). */
class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAValidTomlTemplate() throws Exception {
        Cli.Result result = new Cli().cwd(dir).run("init");
        assertEquals(0, result.exitCode(), result.stderr());
        Path file = dir.resolve(".mino.toml");
        assertTrue(result.stdout().contains("[OK] Created project config (" + file + ")"), result.stdout());
        JsonNode toml = new TomlMapper().readTree(Files.readString(file));
        assertTrue(toml.path("container").isObject() && toml.path("container").isEmpty(),
            "only section headers are active: " + toml);
        assertTrue(toml.path("session").isObject() && toml.path("session").isEmpty());
        assertEquals(2, toml.size());
        String text = Files.readString(file);
        for (String example : new String[] {"# image = \"typescript\"", "# layers = [\"rust\", \"typescript\"]",
            "# [credentials.aws]", "# [credentials.gcp]", "# [credentials.azure]", "# shell = \"/bin/zsh\""}) {
            assertTrue(text.contains(example), example);
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path file = dir.resolve(".mino.toml");
        Files.writeString(file, "# mine\n");
        Cli.Result again = new Cli().cwd(dir).run("init");
        assertEquals(1, again.exitCode());
        assertEquals("Error: " + file + " already exists. Use --force to overwrite.\n", again.stderr());
        assertEquals("# mine\n", Files.readString(file));

        assertEquals(0, new Cli().cwd(dir).run("init", "--force").exitCode());
        assertEquals(InitCommand.TEMPLATE, Files.readString(file));
    }

    @Test
    void pathIsCreatedAndMayBeRelative() throws Exception {
        Cli.Result result = new Cli().cwd(dir).run("init", "-p", "new/project");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(Files.isRegularFile(dir.resolve("new/project/.mino.toml")));
    }
}
