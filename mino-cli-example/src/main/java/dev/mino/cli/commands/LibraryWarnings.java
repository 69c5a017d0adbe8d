package dev.mino.cli.commands;

import dev.mino.cli.terminal.Io;
import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import dev.mino.core.WarningCodes;
import java.util.Optional;

/**
 * Shows the library's warnings about a run's request (its project's layers, credentials and
 * registries) on stderr, in the CLI's words: the library names its own settings, while mino
 * 1.6.0 names its flags here (SPEC 1.3.2), so those codes get the CLI's text. Project layers that
 * nobody could be asked about go unmentioned, as in mino 1.6.0: the run says so where it matters,
 * when a layer it asks for is not found.
 */
final class LibraryWarnings implements SandboxListener {
    private final Io io;

    LibraryWarnings(Io io) {
        this.io = io;
    }

    @Override
    public void onEvent(MinoEvent event) {
        if (event instanceof MinoEvent.Warning warning) {
            text(warning).ifPresent(io.errRenderer()::warn);
        }
    }

    /** The CLI's text of a warning; empty for one the CLI does not show. */
    static Optional<String> text(MinoEvent.Warning warning) {
        return switch (warning.codeIfAny().orElse("")) {
            case WarningCodes.PROJECT_LAYERS_NOT_TRUSTED -> Optional.empty();
            case WarningCodes.PROJECT_LAYERS_DECLINED ->
                Optional.of("Project layers skipped - Use --trust-local to always trust");
            // "Using the project's layers in <folder> without asking (<why>)": the why is the flag.
            case WarningCodes.PROJECT_LAYERS_FORCED ->
                Optional.of(warning.message().replaceFirst("\\([^()]*\\)$", "(--trust-local)"));
            default -> Optional.of(warning.message());
        };
    }
}
