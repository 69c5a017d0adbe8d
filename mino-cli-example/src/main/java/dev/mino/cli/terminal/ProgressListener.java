package dev.mino.cli.terminal;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import dev.mino.core.text.DisplayText;
import dev.mino.network.EgressEvent;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Shows the library's progress and warnings on stderr. At a terminal, progress is one line that is
 * overwritten by the next step and erased before the command's own output starts; elsewhere
 * progress lines appear only with {@code -v}, so that a script's stderr holds the sandboxed
 * command's stderr and nothing else. Warnings are always shown (those about the host, which have a
 * code, once a day unless {@code -v}: see {@link WarningDiary}), and so are the steps of an image
 * build and the layers of a pull: both are rare and can take minutes, and their steps are what
 * explains the wait in a log. A progress line left open at a terminal is ended by {@link Io}
 * before anything else reaches stderr, so that an error never continues it.
 * What the egress guard of an allowlist denies is counted for {@link #egressSummary()}, and with
 * {@code -v} shown as it happens. The library's typed events arrive through {@link #onEvent}; the
 * ends of steps, the credentials issued and the sandbox's exit are not shown (the exit code is the
 * CLI's own exit code).
 */
public final class ProgressListener implements SandboxListener {
    private static final String ERASE_LINE = "\r\u001b[K";
    private static final int DEFAULT_COLUMNS = 80;

    private final Io io;
    private final PrintStream err;
    private final Renderer renderer;
    private final boolean transientLine;
    private final boolean verbose;
    private final int columns;
    private String lastProgress = "";
    private boolean buildAnnounced;
    private MinoEvent.BuildStep currentStep;
    private final EgressSummary denials = new EgressSummary();
    private final boolean terminal;
    private final WarningDiary diary;

    public ProgressListener(Io io, int verbosity) {
        this(io, verbosity, null);
    }

    /**
     * @param diary when coded warnings were last shown, so that each shows at most once a day
     *     (unless {@code -v}); null shows them every time
     */
    public ProgressListener(Io io, int verbosity, WarningDiary diary) {
        this.diary = diary;
        this.io = io;
        this.err = io.stderr();
        this.renderer = io.errRenderer();
        this.transientLine = io.interactive() && io.stderrTerminal();
        this.verbose = verbosity >= 1;
        this.columns = columns(io.env().get("COLUMNS"));
        this.terminal = io.stderrTerminal();
    }

    /** The terminal's width as the shell exports it; without it, the classic 80. */
    static int columns(String value) {
        try {
            int parsed = value == null ? 0 : Integer.parseInt(value.strip());
            return parsed > 10 ? parsed : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    @Override
    public synchronized void onEvent(MinoEvent event) {
        if (event instanceof MinoEvent.ProgressStep step) {
            if (step.phase() == MinoEvent.Phase.STARTED) {
                onProgress(step.message());
            }
        } else if (event instanceof MinoEvent.BuildOutput output) {
            buildOutput(output);
        } else if (event instanceof MinoEvent.Warning warning) {
            warning(warning.code(), warning.message());
        } else if (event instanceof MinoEvent.Egress egress) {
            onEgressEvent(egress.event());
        } else if (event instanceof MinoEvent.CredentialUsed used && verbose) {
            // The sandbox chose the host and path: shown as text, never obeyed.
            clear();
            err.println("... " + DisplayText.escapeLines("Credential proxy: " + used.provider() + " credential put into "
                + used.method() + " https://" + used.host() + used.path()));
        }
    }

    /** A step the CLI itself takes (pulling an image, stopping a session), shown as the library's are. */
    public void step(MinoEvent.Step step, String message) {
        onEvent(MinoEvent.ProgressStep.started(step, message));
    }

    @Override
    public synchronized void onProgress(String text) {
        String message = DisplayText.escapeLines(String.valueOf(text));
        lastProgress = message;
        buildAnnounced = false;
        currentStep = null;
        if (transientLine) {
            show(message);
        } else if (verbose) {
            err.println("... " + message);
        }
    }

    @Override
    public void onBuildOutput(String output) {
        onEvent(new MinoEvent.BuildOutput(String.valueOf(output)));
    }

    private void buildOutput(MinoEvent.BuildOutput output) {
        // A build prints what its layers' scripts print: text for the terminal, not commands to it.
        String line = DisplayText.escapeLines(output.line());
        Optional<MinoEvent.BuildStep> step = new MinoEvent.BuildOutput(line).step();
        step.ifPresent(s -> currentStep = s);
        boolean noise = output.bookkeeping();
        if (transientLine) {
            if (step.isPresent()) {
                show("Building " + BuildProgress.label(step.get()));
            } else if (!noise) {
                show("Building " + (currentStep == null ? "" : BuildProgress.label(currentStep) + ": ")
                    + line.strip());
            }
            return;
        }
        if (step.isPresent()) {
            if (!buildAnnounced) {
                // Once per build, so that the steps below say what they build.
                err.println(lastProgress.startsWith("Building") ? lastProgress + "..." : "Building image...");
                buildAnnounced = true;
            }
            err.println("  STEP " + step.get().number() + "/" + step.get().total() + ": " + step.get().instruction());
        } else if (verbose && !noise) {
            err.println("    " + line.stripTrailing());
        }
    }

    @Override
    public void onWarning(String message) {
        onEvent(new MinoEvent.Warning(null, message));
    }

    @Override
    public void onWarning(String code, String message) {
        onEvent(new MinoEvent.Warning(code, message));
    }

    /**
     * Shows a warning; one with a code is about the host, and every run would repeat it: once a
     * day, or every time with {@code -v}.
     */
    private void warning(String code, String message) {
        if (code == null || verbose || diary == null || diary.due(code)) {
            clear();
            renderer.warn(message);
        }
    }

    @Override
    public synchronized void onEgressEvent(EgressEvent event) {
        denials.add(event);
        if (verbose && event.denied()) {
            clear();
            // The sandbox's terminal may be in raw mode, where a line feed alone does not return the cursor.
            err.print(renderer.dim("mino: blocked " + EgressSummary.describe(event)) + (terminal ? "\r\n" : "\n"));
            err.flush();
        }
    }

    /** Shows what the egress guard denied during the run, in one line; nothing when it denied nothing. */
    public synchronized void egressSummary() {
        denials.line().ifPresent(line -> {
            clear();
            renderer.info(line);
        });
    }

    /**
     * Shows a line the engine reported while it pulls {@code pull}'s image: at a terminal as the
     * progress line; elsewhere the start and each layer, as a build's steps are shown, and every
     * line with {@code -v}.
     */
    public synchronized void onPullOutput(PullProgress pull, String line) {
        // The engine's text, relayed from a registry: shown as text, never obeyed.
        String safe = DisplayText.escapeLines(String.valueOf(line));
        boolean first = !pull.started();
        String step = pull.describe(safe);
        if (transientLine) {
            show(step);
        } else if (first || verbose || PullProgress.milestone(safe)) {
            err.println("... " + step);
        }
    }

    /**
     * Replaces the progress line with {@code message}, cut to the terminal's width. The line is
     * left open, and {@link Io} ends it should anything else be written to stderr meanwhile.
     */
    private void show(String message) {
        io.showProgressLine(ERASE_LINE + renderer.dim(BuildProgress.fit("... " + message, columns - 1)));
    }

    /** Erases the progress line, if one is shown. */
    public synchronized void clear() {
        io.closeProgressLine(ERASE_LINE);
    }
}
