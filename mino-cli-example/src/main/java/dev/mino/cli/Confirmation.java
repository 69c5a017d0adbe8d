package dev.mino.cli;

import java.util.Locale;

/**
 * A yes/no question at the terminal, {@code  <question> [y/N] } on stderr, where only y or yes
 * says yes (SPEC 0.4). Nobody at a terminal means the default, no.
 */
final class Confirmation {
    private Confirmation() {
    }

    static boolean ask(Io io, String question) {
        if (!io.interactive()) {
            return false;
        }
        io.stderr().print("  " + question + " [y/N] ");
        io.stderr().flush();
        String answer = TerminalTrustPrompt.readLine(io.in()).trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
