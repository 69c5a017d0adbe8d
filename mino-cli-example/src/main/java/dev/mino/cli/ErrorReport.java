package dev.mino.cli;

import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.MinoException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of a subcommand into {@code Error: <message>} and {@code Hint: <hint>} on stderr
 * and exit code 1 (SPEC 0.1 and 14). The stack trace is shown only with {@code -vv}.
 */
public final class ErrorReport implements IExecutionExceptionHandler {
    static final int EXIT_ERROR = 1;

    private final MinoCommand root;

    ErrorReport(MinoCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        Io io = root.io();
        report(exception, io.errRenderer());
        if (root.verbosity() >= 2) {
            // Messages in the trace can quote a sandbox's output.
            try (PrintStream trace = new PrintStream(io.sandboxErr(false), true, StandardCharsets.UTF_8)) {
                exception.printStackTrace(trace); // closing it leaves stderr open
            }
        }
        return EXIT_ERROR;
    }

    /** Writes the report for {@code exception}. */
    public static void report(Exception exception, Renderer err) {
        if (exception instanceof MinoException mino) {
            err.error(mino.getMessage(), CliTexts.hint(mino));
        } else if (exception instanceof UncheckedIOException io) {
            err.error(io.getMessage() + ": " + io.getCause().getMessage(),
                "check the paths and permissions involved; -vv shows the details");
        } else {
            err.error("Internal error: " + exception,
                "this is a bug in mino; run again with -vv and report the stack trace");
        }
    }
}
