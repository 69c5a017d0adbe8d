package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.SensitiveField;
import dev.mino.core.config.TrustPrompt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Asks at the terminal whether to trust a project's {@code .mino.toml} that changes
 * security-relevant settings (SPEC 2.3): the warning and the fields on stderr, then
 * {@code Trust this config and continue? [y/N]}, where only y or yes says yes.
 *
 * <p>The file was written by whoever could write the project, who knows how it is shown: long
 * runs of blanks in a value are shown by their length, and when the note is long enough to push
 * its first fields off the screen, the fields' names are repeated right above the question.
 */
public final class TerminalTrustPrompt implements TrustPrompt {
    /** A note with more fields than this ends with the fields' names again. */
    static final int SUMMARY_AFTER_LINES = 20;
    /** A note with more characters than this ends with the fields' names again. */
    static final int SUMMARY_AFTER_CHARS = 2000;

    private final Io io;

    public TerminalTrustPrompt(Io io) {
        this.io = io;
    }

    @Override
    public boolean trust(Path file, List<SensitiveField> fields) {
        Renderer err = io.errRenderer();
        err.warn(TrustPrompt.warning(file));
        io.stderr().println(err.bold(TrustPrompt.NOTE_TITLE + ":"));
        String body = TrustPrompt.noteBody(fields);
        for (String line : body.split("\n")) {
            io.stderr().println("    " + LayerTrustPrompt.shrinkBlanks(line));
        }
        if (fields.size() > SUMMARY_AFTER_LINES || body.length() > SUMMARY_AFTER_CHARS) {
            io.stderr().println("  The fields above: " + fields.stream().map(SensitiveField::name)
                .collect(Collectors.joining(", ")));
        }
        io.stderr().print("  " + TrustPrompt.QUESTION + " [y/N] ");
        io.stderr().flush();
        String answer = readLine(io.in()).trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    /**
     * One line of input, read byte by byte: a buffered reader could swallow input meant for the
     * sandboxed command that runs next.
     */
    static String readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
        } catch (IOException e) {
            // No answer is a no.
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
