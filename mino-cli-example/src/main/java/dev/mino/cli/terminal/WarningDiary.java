package dev.mino.cli.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * When {@code mino run} last showed each coded warning (the library's
 * {@link dev.mino.core.WarningCodes}), kept in the state directory, so that a warning about the
 * host (no GitHub token, limits not enforced) is said at most once a day rather than on every run.
 * {@code -v} shows them every time, and {@code mino status} lists them whenever they hold. The
 * file is a hint only: when it cannot be read or written, the warning is shown.
 */
public final class WarningDiary {
    /** How long a coded warning stays quiet after it was shown. */
    static final Duration QUIET = Duration.ofDays(1);
    private static final String FILE = "warnings-shown.properties";

    private final Path file;
    private final Clock clock;

    WarningDiary(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The diary of the CLI's state directory. */
    public static WarningDiary inStateDirectory(Path stateDirectory) {
        return new WarningDiary(stateDirectory.resolve(FILE), Clock.systemUTC());
    }

    /**
     * True when the warning {@code code} is due: never shown, or last shown a day ago or more (or
     * in the future, after a clock change). A due warning is noted as shown now.
     */
    synchronized boolean due(String code) {
        Properties shown = read();
        Instant now = clock.instant();
        Instant last = parse(shown.getProperty(code));
        if (last != null && !last.isAfter(now) && Duration.between(last, now).compareTo(QUIET) < 0) {
            return false;
        }
        shown.setProperty(code, now.toString());
        write(shown);
        return true;
    }

    private Properties read() {
        Properties shown = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            shown.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // Missing or unreadable: nothing was shown, as far as anyone can tell.
        }
        return shown;
    }

    private static Instant parse(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Replaces the file whole, so that a run at the same time never reads half of it. */
    private void write(Properties shown) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    shown.store(out, "when mino run last showed each warning (delete to see them again)");
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | SecurityException e) {
            // Not remembered: the warning shows again next time, which is the safe side.
        }
    }
}
