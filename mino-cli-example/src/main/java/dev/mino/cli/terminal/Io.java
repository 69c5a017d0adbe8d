package dev.mino.cli.terminal;

import dev.mino.core.config.NonInteractive;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The streams, environment and terminal facts of one CLI invocation. The real process uses
 * {@link #system()}; tests pass their own streams and environment.
 */
public final class Io {
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final OpenLine openLine;
    private final Map<String, String> env;
    private final Path cwd;
    private final boolean stdinTerminal;
    private final boolean stdoutTerminal;
    private final boolean stderrTerminal;

    /**
     * @param in the raw stdin
     * @param out the raw stdout, for bytes copied from a sandbox
     * @param err the raw stderr
     * @param env the environment variables
     * @param cwd the current directory (absolute)
     * @param stdinTerminal whether stdin is a terminal
     * @param stdoutTerminal whether stdout is a terminal
     * @param stderrTerminal whether stderr is a terminal
     */
    public Io(InputStream in, OutputStream out, OutputStream err, Map<String, String> env, Path cwd,
       boolean stdinTerminal, boolean stdoutTerminal, boolean stderrTerminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        // Text goes through a buffer that is flushed on every line, so that it never interleaves
        // badly with the bytes the raw streams carry.
        this.stdout = new PrintStream(new BufferedOutputStream(out), true, StandardCharsets.UTF_8);
        // Stderr's text ends a progress line left open first, so that an error or a warning never
        // starts in the middle of one.
        this.openLine = new OpenLine(err);
        this.stderr = new PrintStream(new BufferedOutputStream(openLine), true, StandardCharsets.UTF_8);
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.stdinTerminal = stdinTerminal;
        this.stdoutTerminal = stdoutTerminal;
        this.stderrTerminal = stderrTerminal;
    }

    /** This process's own streams, unbuffered, and its environment. */
    public static Io system() {
        return new Io(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
            new FileOutputStream(FileDescriptor.err), System.getenv(),
            Path.of(System.getProperty("user.dir")).toAbsolutePath(),
            Terminals.isTerminal(0), Terminals.isTerminal(1), Terminals.isTerminal(2));
    }

    public InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    public OutputStream err() {
        return err;
    }

    /** Stdout for text: results. */
    public PrintStream stdout() {
        return stdout;
    }

    /** Stderr for text: errors, warnings, progress, logs. */
    public PrintStream stderr() {
        return stderr;
    }

    /**
     * Shows {@code text} on stderr as a line left open (a progress line, which the next one
     * overwrites): anything else written to {@link #stderr()} before
     * {@link #closeProgressLine(String)} starts on a new line.
     */
    void showProgressLine(String text) {
        stderr.flush();
        openLine.show(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code erase} (the sequence that wipes the line) if a progress line is still open. */
    void closeProgressLine(String erase) {
        stderr.flush();
        openLine.erase(erase.getBytes(StandardCharsets.UTF_8));
    }

    public Map<String, String> env() {
        return env;
    }

    public Path cwd() {
        return cwd;
    }

    boolean stdinTerminal() {
        return stdinTerminal;
    }

    boolean stdoutTerminal() {
        return stdoutTerminal;
    }

    boolean stderrTerminal() {
        return stderrTerminal;
    }

    /**
     * Stdout for a sandbox's output: behind {@link TerminalSafeOutput} when stdout is a terminal,
     * unless {@code raw}. Close it when the output ends (stdout stays open).
     */
    public TerminalSafeOutput sandboxOut(boolean raw) {
        return TerminalSafeOutput.forStream(out, stdoutTerminal, raw);
    }

    /** Stderr for a sandbox's output, like {@link #sandboxOut(boolean)}. */
    public TerminalSafeOutput sandboxErr(boolean raw) {
        return TerminalSafeOutput.forStream(err, stderrTerminal, raw);
    }

    /** Someone is at a terminal: stdin and stdout are terminals and no CI variable is set (SPEC 0.4). */
    public boolean interactive() {
        return !NonInteractive.detect(env, stdinTerminal, stdoutTerminal);
    }

    /** Renders results on stdout: fancy when interactive, coloured only on a terminal. */
    public Renderer outRenderer() {
        return new Renderer(stdout, interactive(), colour(stdoutTerminal));
    }

    /** Renders errors and warnings on stderr: fancy when interactive, coloured only on a terminal. */
    public Renderer errRenderer() {
        return new Renderer(stderr, interactive(), colour(stderrTerminal));
    }

    private boolean colour(boolean terminal) {
        // NO_COLOR (no-color.org) and TERM=dumb are the usual ways to ask for plain text.
        return terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    /** Flushes both text streams; called before the process exits. */
    public void flush() {
        stdout.flush();
        stderr.flush();
    }
}
