package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import dev.mino.core.internal.state.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Sessions} reports from the records on disk. Every record here is finished or has no
 * container, so nothing is asked of Podman.
 */
class SessionsTest {
    private static final Instant CREATED = Instant.parse("2026-11-29T09:05:30.250Z");
    private static final Instant LATER = Instant.parse("2026-11-29T09:06:00Z");

    @TempDir
    Path state;

    private SessionStore store() {
        return new SessionStore(new MinoPaths(state, state, state));
    }

    @Test
    void everyFieldOfTheRecordReachesTheSessionInfo() {
        SessionRecord record = store().create(SessionRecord.starting("agent", Path.of("/work/app"),
                List.of("claude", "--resume"), "localhost/tools:1", "mino-home-0123456789ab", true, CREATED)
            .withCloudProviders(List.of("aws", "github"), CREATED));
        store().update("agent", r -> r.withContainerId("c0ffee", LATER).withExitCode(3, LATER)
            .withStatus(SessionStatus.STOPPED, LATER));

        SessionInfo info = Sessions.at(state).find("agent").orElseThrow();
        assertEquals(record.id(), info.id());
        assertEquals("agent", info.name());
        assertEquals(SessionInfo.Status.STOPPED, info.status());
        assertEquals("c0ffee", info.containerId());
        assertEquals(3, info.exitCode());
        assertEquals(Path.of("/work/app"), info.projectDir());
        assertEquals("localhost/tools:1", info.image());
        assertEquals(List.of("claude", "--resume"), info.command());
        assertEquals(CREATED, info.createdAt());
        assertEquals(LATER, info.updatedAt());
        assertNull(info.error());
        assertEquals(List.of("aws", "github"), info.cloudProviders());
        assertEquals("mino-home-0123456789ab", info.homeVolume());
        assertTrue(info.detached());
    }

    @Test
    void aSessionWithoutProvidersOrHomeAndNotDetachedSaysSo() {
        store().create(SessionRecord.starting("plain", Path.of("/work/app"), List.of(), "img", null, false,
            CREATED));
        SessionInfo info = Sessions.at(state).find("plain").orElseThrow();
        assertEquals(SessionInfo.Status.STARTING, info.status());
        assertEquals(List.of(), info.cloudProviders());
        assertNull(info.homeVolume());
        assertFalse(info.detached());
    }

    @Test
    void anUpstreamRecordListsWithDefaults() throws Exception {
        Files.createDirectories(state.resolve("sessions"));
        Files.writeString(state.resolve("sessions").resolve("session-1a2b3c4d.json"), "{\n"
            + "  \"id\": \"0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11\",\n"
            + "  \"name\": \"session-1a2b3c4d\",\n"
            + "  \"project_dir\": \"/home/ada/app\",\n"
            + "  \"command\": [\"zsh\"],\n"
            + "  \"container_id\": null,\n"
            + "  \"status\": \"stopped\",\n"
            + "  \"created_at\": \"2026-03-24T09:15:02.123456789Z\",\n"
            + "  \"updated_at\": \"2026-03-24T10:15:02.5Z\",\n"
            + "  \"cloud_providers\": []\n"
            + "}\n");
        List<SessionInfo> sessions = Sessions.at(state).list();
        assertEquals(1, sessions.size());
        SessionInfo info = sessions.get(0);
        assertEquals("0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11", info.id());
        assertEquals(List.of(), info.cloudProviders());
        assertNull(info.homeVolume());
        assertNull(info.image());
        assertFalse(info.detached());
    }

    private static SessionInfo.Builder session() {
        return SessionInfo.builder().name("n").status(SessionInfo.Status.RUNNING).containerId("c")
            .projectDir(Path.of("/p")).image("i").createdAt(CREATED).updatedAt(CREATED);
    }

    @Test
    void aBuilderLeavesThePartsNotSetEmpty() {
        SessionInfo info = session().command(List.of("sh")).build();
        assertNull(info.id());
        assertNull(info.exitCode());
        assertEquals(java.util.OptionalInt.empty(), info.exit());
        assertEquals(List.of(), info.cloudProviders());
        assertNull(info.homeVolume());
        assertFalse(info.detached());
    }

    @Test
    void theListsAreCopiesThatCannotChange() {
        List<String> providers = new ArrayList<>(List.of("aws"));
        SessionInfo info = session().id("id").cloudProviders(providers).build();
        providers.add("gcp");
        assertEquals(List.of("aws"), info.cloudProviders());
        assertThrows(UnsupportedOperationException.class, () -> info.cloudProviders().add("azure"));
    }

    @Test
    void aBuilderRefusesAMissingPartAndToBuilderGivesAnEqualCopy() {
        assertThrows(NullPointerException.class, () -> session().name(null).build());
        assertThrows(NullPointerException.class, () -> session().status(null).build());
        assertThrows(NullPointerException.class, () -> session().createdAt(null).build());
        assertThrows(NullPointerException.class, () -> session().cloudProviders(null).build());
        SessionInfo info = session().exitCode(3).error("boom").id("id").cloudProviders(List.of("aws"))
            .homeVolume("mino-home-x").detached(true).build();
        assertEquals(info, info.toBuilder().build());
        assertEquals(info.hashCode(), info.toBuilder().build().hashCode());
        assertEquals(java.util.OptionalInt.of(3), info.exit());
        SessionInfo other = info.toBuilder().status(SessionInfo.Status.STOPPED).build();
        assertNotEquals(info, other);
        assertEquals(SessionInfo.Status.RUNNING, info.status(), "the original is unchanged");
        assertTrue(info.toString().contains("name=n"), info.toString());
    }
}
