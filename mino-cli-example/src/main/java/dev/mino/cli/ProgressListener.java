package dev.mino.cli;

import dev.mino.core.SandboxListener;
import java.io.PrintStream;

/**
 * Shows the library's progress and warnings on stderr. At a terminal, progress is one line that is
 * overwritten by the next step and erased before the command's own output starts; elsewhere
 * progress lines appear only with {@code -v}, so that a script's stderr holds the sandboxed
 * command's stderr and nothing else. Warnings are always shown.
 */
final class ProgressListener implements SandboxListener {
    private static final String ERASE_LINE = "\r\u001b[K";

    private final PrintStream err;
    private final Renderer renderer;
    private final boolean transientLine;
    private final boolean verbose;
    private boolean lineShown;

    ProgressListener(Io io, int verbosity) {
        this.err = io.stderr();
        this.renderer = io.errRenderer();
        this.transientLine = io.interactive() && io.stderrTerminal();
        this.verbose = verbosity >= 1;
    }

    @Override
    public synchronized void onProgress(String message) {
        if (transientLine) {
            err.print(ERASE_LINE + renderer.dim("... " + message));
            err.flush();
            lineShown = true;
        } else if (verbose) {
            err.println("... " + message);
        }
    }

    @Override
    public synchronized void onWarning(String message) {
        clear();
        renderer.warn(message);
    }

    /** Erases the progress line, if one is shown. */
    synchronized void clear() {
        if (lineShown) {
            err.print(ERASE_LINE);
            err.flush();
            lineShown = false;
        }
    }
}
