package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import dev.mino.core.internal.state.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions.prune and counts work on the records alone, without Podman. */
class SessionsPruneTest {
    @TempDir
    Path state;

    private void record(SessionStore store, String name, SessionStatus status, Instant updated) {
        store.create(SessionRecord.starting(name, Path.of("/work/project"), List.of("true"), "img", null, false,
            updated));
        store.update(name, r -> r.withStatus(status, updated));
    }

    @Test
    void pruneRemovesEndedSessionsByAgeAndNeverARunningOne() {
        SessionStore store = new SessionStore(new MinoPaths(state, state, state));
        Instant now = Instant.now();
        record(store, "old-stopped", SessionStatus.STOPPED, now.minus(Duration.ofDays(10)));
        record(store, "old-failed", SessionStatus.FAILED, now.minus(Duration.ofDays(10)));
        record(store, "recent-stopped", SessionStatus.STOPPED, now.minus(Duration.ofMinutes(5)));
        record(store, "old-running", SessionStatus.RUNNING, now.minus(Duration.ofDays(10)));
        Sessions sessions = Sessions.at(state);
        assertEquals(new Sessions.Counts(1, 3), sessions.counts());

        assertEquals(List.of("old-failed", "old-stopped"), sessions.prune(Duration.ofDays(7)).stream().sorted().toList());
        assertEquals(new Sessions.Counts(1, 1), sessions.counts());
        assertEquals(List.of("recent-stopped"), sessions.prune(Duration.ZERO));
        assertEquals(new Sessions.Counts(1, 0), sessions.counts(), "the running one stays");
        assertThrows(MinoException.class, () -> sessions.prune(Duration.ofHours(-1)));
    }
}
