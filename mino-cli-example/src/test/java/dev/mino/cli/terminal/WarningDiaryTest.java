package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarningDiaryTest {
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path dir;

    private WarningDiary at(Instant now) {
        return new WarningDiary(dir.resolve("state").resolve("warnings-shown.properties"),
            Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aWarningIsDueOnceADayPerCode() {
        assertTrue(at(NOON).due("engine.limits-not-enforced"), "never shown");
        assertFalse(at(NOON.plusSeconds(60)).due("engine.limits-not-enforced"), "shown a minute ago");
        assertTrue(at(NOON.plusSeconds(60)).due("credentials.github.no-token"), "another code has its own day");
        assertFalse(at(NOON.plus(Duration.ofHours(23))).due("engine.limits-not-enforced"));
        assertTrue(at(NOON.plus(Duration.ofDays(1))).due("engine.limits-not-enforced"), "a day later");
        assertFalse(at(NOON.plus(Duration.ofDays(1)).plusSeconds(1)).due("engine.limits-not-enforced"),
            "noted again when shown");
    }

    @Test
    void aDateInTheFutureAfterAClockChangeDoesNotSilenceAWarning() {
        assertTrue(at(NOON.plus(Duration.ofDays(30))).due("engine.limits-not-enforced"));
        assertTrue(at(NOON).due("engine.limits-not-enforced"));
    }

    @Test
    void anUnreadableOrUnwritableDiaryShowsTheWarning() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("warnings-shown.properties"), "engine.limits-not-enforced=yesterday\n\\u12");
        assertTrue(at(NOON).due("engine.limits-not-enforced"), "a garbled diary is as good as none");
        // A folder where the file should be: nothing can be noted, so the warning shows each time.
        Files.delete(state.resolve("warnings-shown.properties"));
        Files.createDirectory(state.resolve("warnings-shown.properties"));
        assertTrue(at(NOON).due("engine.limits-not-enforced"));
        assertTrue(at(NOON).due("engine.limits-not-enforced"));
    }
}
