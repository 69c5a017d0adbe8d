package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mino.core.MinoEvent;
import dev.mino.core.WarningCodes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The library's coded warnings in the CLI's words: mino 1.6.0's texts name its flags. */
class LibraryWarningsTest {
    @Test
    void theTrustWarningsNameTheFlagAndTheOthersKeepTheLibrarysText() {
        assertEquals(Optional.of("Project layers skipped - Use --trust-local to always trust"),
            LibraryWarnings.text(new MinoEvent.Warning(WarningCodes.PROJECT_LAYERS_DECLINED,
                "Project layers in /p/.mino/layers skipped: not trusted")));
        assertEquals(Optional.of("Using the project's layers in /p (x)/.mino/layers without asking (--trust-local)"),
            LibraryWarnings.text(new MinoEvent.Warning(WarningCodes.PROJECT_LAYERS_FORCED,
                "Using the project's layers in /p (x)/.mino/layers without asking (project content is trusted always)")));
        assertEquals(Optional.empty(), LibraryWarnings.text(new MinoEvent.Warning(
            WarningCodes.PROJECT_LAYERS_NOT_TRUSTED, "not used")), "said where it matters: a layer not found");
        assertEquals(Optional.of("AWS: no provider - Add it"), LibraryWarnings.text(new MinoEvent.Warning(
            WarningCodes.CREDENTIALS_UNAVAILABLE, "AWS: no provider - Add it")));
        assertEquals(Optional.of("plain"), LibraryWarnings.text(new MinoEvent.Warning(null, "plain")));
    }
}
