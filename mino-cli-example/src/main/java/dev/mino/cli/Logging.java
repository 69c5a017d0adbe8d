package dev.mino.cli;

import dev.mino.core.text.DisplayText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes the library's {@link System.Logger} output (which lands in java.util.logging) to stderr,
 * one line per record, at the level {@code -v} asks for: warnings, info ({@code -v}), or debug
 * ({@code -vv}).
 */
public final class Logging {
    /** Held so the level set on it survives: java.util.logging keeps loggers only weakly. */
    private static Logger minoLogger;

    private Logging() {
    }

    public static synchronized void configure(int verbosity, PrintStream stderr) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // Other libraries (OkHttp, JLine) stay at warnings unless -v asks for more.
        root.setLevel(verbosity >= 1 ? Level.INFO : Level.WARNING);
        minoLogger = Logger.getLogger("dev.mino");
        minoLogger.setLevel(levelFor(verbosity));
        root.addHandler(new StderrHandler(stderr, verbosity >= 2));
    }

    /** The level of mino's own loggers for a {@code -v} count. */
    public static Level levelFor(int verbosity) {
        if (verbosity <= 0) {
            return Level.WARNING;
        }
        return verbosity == 1 ? Level.INFO : Level.ALL;
    }

    /** The short label a record is printed with, as upstream prints them. */
    public static String label(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** Writes {@code " LEVEL message"} lines, with the stack trace at debug level. */
    private static final class StderrHandler extends Handler {
        private final PrintStream out;
        private final boolean traces;
        private final SimpleFormatter messages = new SimpleFormatter();

        StderrHandler(PrintStream out, boolean traces) {
            this.out = out;
            this.traces = traces;
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            synchronized (out) {
                // A record can quote what Podman or a sandbox wrote: shown as text, never obeyed.
                out.println(" " + label(record.getLevel()) + " "
                    + DisplayText.escapeLines(messages.formatMessage(record)));
                if (traces && record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    out.print(DisplayText.escapeLines(trace.toString()));
                }
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
