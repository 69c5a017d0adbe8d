package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Io;
import java.util.Locale;

/**
 * A yes/no question at the terminal, {@code  <question> [y/N] } on stderr, where only y or yes
 * says yes (SPEC 0.4). Nobody at a terminal means the default, no.
 */
public final class Confirmation {
    private Confirmation() {
    }

    public static boolean ask(Io io, String question) {
        if (!io.interactive()) {
            return false;
        }
        io.stderr().print("  " + question + " [y/N] ");
        io.stderr().flush();
        String answer = TerminalTrustPrompt.readLine(io.in()).trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
