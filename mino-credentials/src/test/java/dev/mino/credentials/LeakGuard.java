package dev.mino.credentials;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what a test printed to stdout and stderr and what this module logged (at every level),
 * so the test can assert that no secret value got out.
 */
final class LeakGuard implements AutoCloseable {
    // JUL keeps loggers only weakly; holding it keeps the level and handler in place.
    private static final Logger MODULE_LOGGER = Logger.getLogger("dev.mino.credentials");

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<String> logged = new ArrayList<>();
    private final Level originalLevel = MODULE_LOGGER.getLevel();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(formatter.formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LeakGuard() {
        System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        MODULE_LOGGER.setLevel(Level.ALL);
        MODULE_LOGGER.addHandler(handler);
    }

    /** Starts recording. */
    static LeakGuard start() {
        return new LeakGuard();
    }

    /** Everything printed and logged so far. */
    String captured() {
        synchronized (logged) {
            return printed.toString(StandardCharsets.UTF_8) + "\n" + String.join("\n", logged);
        }
    }

    /** How many log records this module wrote, to show the logging path was exercised. */
    int logCount() {
        synchronized (logged) {
            return logged.size();
        }
    }

    /** Fails if any secret appears in the output or logs. */
    void assertNoneOf(String... secrets) {
        String text = captured();
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret value was printed or logged");
        }
    }

    /** Fails if any secret appears in the exception's message, causes or stack trace. */
    static void assertNotIn(Throwable error, String... secrets) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String text = trace + "\n" + error;
        if (error instanceof dev.mino.core.MinoException mino) {
            text += "\n" + mino.hint() + "\n" + mino.describe();
        }
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret value is in the exception");
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        MODULE_LOGGER.removeHandler(handler);
        MODULE_LOGGER.setLevel(originalLevel);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            synchronized (second) {
                second.write(b);
            }
            try {
                first.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (second) {
                second.write(b, off, len);
            }
            try {
                first.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
