package dev.mino.core;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A process started in a running sandbox with its streams connected, for interactive use (a shell
 * on a terminal). Read {@link #stdout()} and {@link #stderr()}: the process blocks once it has
 * written more than the pipes hold. {@link #close()} disconnects; the process may go on.
 */
public interface ExecProcess extends AutoCloseable {

    /** The process's stdin; closing it signals end of input. */
    OutputStream stdin();

    /** The process's stdout (with a terminal, all of its output). */
    InputStream stdout();

    /** The process's stderr (empty with a terminal). */
    InputStream stderr();

    /** Sets the size of the process's terminal; only for processes started with one. */
    void resizeTerminal(int rows, int columns);

    /**
     * Waits for the process to end and returns its exit code.
     *
     * @throws SandboxTimeoutException when it has not ended within {@code timeout}
     */
    int awaitExit(Duration timeout);

    /** Waits, however long it takes, for the process to end and returns its exit code. */
    default int awaitExit() {
        return awaitExit(Duration.ofMillis(Long.MAX_VALUE));
    }

    /** Disconnects from the process. Idempotent. */
    @Override
    void close();
}
