package dev.mino.cli.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Signals;

/**
 * Connects the user's terminal to a process that has a terminal in the sandbox: the host terminal
 * goes into raw mode (every key, Ctrl-C included, goes to the sandbox, whose own terminal does the
 * echoing and line editing), window size changes are passed on, and the terminal's settings are
 * restored however mino ends: normally, by an exception, or by a signal (through a shutdown hook).
 */
public final class TerminalBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TerminalBridge.class.getName());

    private final Terminal terminal;
    private final Attributes saved;
    private final Io io;
    private final Thread restoreAtExit;
    private Object previousWinchHandler;
    private boolean raw;
    private boolean closed;

    private TerminalBridge(Terminal terminal, Io io) {
        this.terminal = terminal;
        this.saved = terminal.getAttributes();
        this.io = io;
        this.restoreAtExit = new Thread(this::restore, "mino-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /**
     * The user's terminal, or empty when JLine cannot reach it (the caller then falls back to
     * plain streams, which still work, just without a terminal in the sandbox).
     */
    public static Optional<TerminalBridge> open(Io io) {
        try {
            // The stty-based provider only: it changes just the flags it is asked to, so the
            // terminal comes back exactly as it was (JLine 3.30's JNI provider zeroes the line speed
            // and scrambles the line discipline). No native signal handlers: JLine would replace
            // the JVM's SIGINT handler, and a kill -INT must still run the shutdown hooks that
            // restore the terminal and remove the sandbox.
            Terminal terminal = TerminalBuilder.builder().system(true).exec(true).jni(false).jna(false).jansi(false)
                .ffm(false).dumb(false).nativeSignals(false).build();
            return Optional.of(new TerminalBridge(terminal, io));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot use the terminal, continuing without one: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The window's rows, or 0 when unknown. */
    public int rows() {
        return size().getRows();
    }

    /** The window's columns, or 0 when unknown. */
    public int columns() {
        return size().getColumns();
    }

    private Size size() {
        try {
            return terminal.getSize();
        } catch (RuntimeException e) {
            return new Size(0, 0);
        }
    }

    /** Calls {@code listener} with the new rows and columns whenever the window is resized (SIGWINCH). */
    public synchronized void onResize(ResizeListener listener) {
        previousWinchHandler = Signals.register("WINCH", () -> {
            Size size = size();
            if (size.getRows() > 0 && size.getColumns() > 0) {
                try {
                    listener.resized(size.getRows(), size.getColumns());
                } catch (RuntimeException e) {
                    // The process has just ended: nothing left to resize.
                    LOG.log(System.Logger.Level.DEBUG, "resize ignored: " + e.getMessage());
                }
            }
        });
    }

    /** Puts the terminal into raw mode, like cfmakeraw(3). */
    public synchronized void enterRaw() {
        Attributes rawMode = new Attributes(saved);
        rawMode.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
            InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        rawMode.setOutputFlag(OutputFlag.OPOST, false);
        // ISIG off: Ctrl-C and Ctrl-Z become bytes for the sandbox instead of signals for mino.
        rawMode.setLocalFlags(EnumSet.of(LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ICANON, LocalFlag.ISIG,
            LocalFlag.IEXTEN), false);
        rawMode.setControlChar(ControlChar.VMIN, 1);
        rawMode.setControlChar(ControlChar.VTIME, 0);
        terminal.setAttributes(rawMode);
        raw = true;
    }

    /**
     * Copies the user's keys to {@code processInput} and {@code processOutput} to the screen until
     * {@code awaitExit} returns, then lets the remaining output through.
     *
     * @return what {@code awaitExit} returned: the process's exit code
     */
    public int connect(OutputStream processInput, InputStream processOutput, IntSupplier awaitExit) {
        StreamPump.start("mino-stdin", io.in(), processInput, true);
        Thread output = StreamPump.start("mino-stdout", processOutput, io.out(), false);
        int code = awaitExit.getAsInt();
        StreamPump.drain(output);
        return code;
    }

    /** Gives the terminal its settings back. Idempotent; also run by the shutdown hook. */
    public synchronized void restore() {
        if (!raw) {
            return;
        }
        raw = false;
        try {
            terminal.setAttributes(saved);
        } catch (RuntimeException e) {
            io.stderr().println("mino: failed to restore terminal attributes (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        restore();
        if (previousWinchHandler != null) {
            Signals.unregister("WINCH", previousWinchHandler);
        }
        try {
            terminal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the terminal: " + e.getMessage());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook runs (harmlessly, restore is idempotent).
        }
    }

    /** Receives the window's new size. */
    @FunctionalInterface
    public interface ResizeListener {
        void resized(int rows, int columns);
    }
}
