package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.terminal.Io;
import dev.mino.core.config.SensitiveField;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The question about a local config, as a sandbox that wrote the file would want it to look. */
class TerminalTrustPromptTest {

    private static String ask(List<SensitiveField> fields) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
            err, Map.of(), Path.of("/p"), true, false, false);
        assertFalse(new TerminalTrustPrompt(io).trust(Path.of("/p/.mino.toml"), fields));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void paddingCannotPushTheFirstFieldsOffTheScreen() {
        // Red team: a long value after the volumes scrolled them (and the warning) off the screen,
        // leaving a harmless-looking env value right above the question.
        String shown = ask(List.of(new SensitiveField("container.volumes", "[\"/home:/h\"]"),
            new SensitiveField("container.env", "{ A = \"x" + " ".repeat(20_000) + "harmless\" }")));
        String tail = shown.substring(shown.indexOf("harmless"));
        assertTrue(shown.contains("{ A = \"x\\s{20000}harmless\" }"), shown);
        assertTrue(tail.contains("The fields above: container.volumes, container.env"), tail);
    }

    @Test
    void aShortNoteIsAsBefore() {
        String shown = ask(List.of(new SensitiveField("container.volumes", "[\"/home:/h\"]")));
        assertTrue(shown.contains("container.volumes"), "the positive control: " + shown);
        assertFalse(shown.contains("The fields above"), shown);
    }
}
