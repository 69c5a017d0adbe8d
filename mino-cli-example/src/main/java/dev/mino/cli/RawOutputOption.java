package dev.mino.cli;

import picocli.CommandLine.Option;

/** {@code --raw}, shared by the commands that copy a sandbox's output to mino's own. */
public final class RawOutputOption {

    @Option(names = "--raw",
        description = "Copy the sandbox's output unchanged, terminal escape sequences included. By default, when "
            + "the output is a terminal, control characters (ESC, C1, bidi overrides) are shown as escapes such as "
            + "\\x1b, so that the sandbox cannot set the window title, write the clipboard or clear the screen. "
            + "Output to a file or a pipe is never changed; an interactive session's terminal is always raw.")
    public boolean raw;
}
