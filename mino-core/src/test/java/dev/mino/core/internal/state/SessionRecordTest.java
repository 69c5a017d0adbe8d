package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionRecordTest {

    private static final Instant CREATED = Instant.parse("2026-03-24T09:15:02.123456Z");
    private static final Instant LATER = Instant.parse("2026-03-24T09:20:00Z");

    static SessionRecord sample(String name) {
        return SessionRecord.starting(name, Path.of("/work/project"), List.of("claude", "--resume"),
            "ghcr.io/dean0x/mino-base:latest", null, false, CREATED);
    }

    @Test
    void aStartingRecordHasAFreshIdAndThisProcessAsOwner() {
        SessionRecord record = sample("demo");
        assertEquals(4, UUID.fromString(record.id()).version());
        assertEquals(SessionStatus.STARTING, record.status());
        assertEquals(CREATED, record.createdAt());
        assertEquals(CREATED, record.updatedAt());
        assertEquals("/work/project", record.projectDir());
        assertEquals(ProcessHandle.current().pid(), record.ownerPid());
        assertTrue(!record.ownerHost().isEmpty());
        assertEquals(List.of(), record.cloudProviders());
        assertNull(record.containerId());
        assertNull(record.exitCode());
        assertNull(record.error());
    }

    @Test
    void startingRejectsAnInvalidName() {
        assertThrows(MinoException.class, () -> sample("a/b"));
    }

    @Test
    void jsonHasTheSpecifiedFieldNamesInOrder() throws IOException {
        SessionRecord record = sample("demo").withContainerId("abc123", LATER);
        String json = new String(SessionJson.write(record), StandardCharsets.UTF_8);
        JsonNode tree = new ObjectMapper().readTree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "name", "project_dir", "command", "container_id", "status", "created_at",
            "updated_at", "cloud_providers", "home_volume", "image", "exit_code", "owner_host", "owner_pid", "error",
            "detached"), names);
        assertEquals("starting", tree.get("status").asText());
        assertEquals("2026-03-24T09:15:02.123456Z", tree.get("created_at").asText());
        assertEquals("2026-03-24T09:20:00.000Z", tree.get("updated_at").asText());
        assertEquals("abc123", tree.get("container_id").asText());
        assertTrue(tree.get("home_volume").isNull());
        assertTrue(tree.get("exit_code").isNull());
    }

    @Test
    void jsonIsPrettyPrintedWithTwoSpaces() throws IOException {
        String json = new String(SessionJson.write(sample("demo")), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"id\": \""), json);
        assertTrue(json.contains("\n  \"command\": [\n    \"claude\",\n    \"--resume\"\n  ],\n"), json);
        assertTrue(json.contains("\n  \"cloud_providers\": [],\n"), json);
        assertTrue(json.endsWith("}\n"), json);
    }

    @Test
    void roundTripsThroughJson() throws IOException {
        SessionRecord record = sample("demo")
            .withStatus(SessionStatus.FAILED, LATER)
            .withError("container create failed", LATER)
            .withExitCode(125, LATER)
            .withCloudProviders(List.of("aws", "github"), LATER);
        assertEquals(record, SessionJson.read(SessionJson.write(record)));
    }

    @Test
    void theSpecItKeepsRoundTripsAndARecordWithoutOneHasNoSandboxKey() throws IOException {
        SandboxFacts facts = new SandboxFacts(List.of("API_KEY", "MODE"),
            List.of(new SandboxFacts.Mount("/data", "/data", true)), java.util.Map.of("team", "a"), "1000:1000",
            new SandboxFacts.Network("allowlist", List.of("example.com:443"), "dev"), null, "sha256:abc",
            "localhost/base:1", List.of(), true, java.util.Map.of("x/install.sh", "00ff"), true, false, null,
            List.of("github"), true, false, null, new SandboxFacts.Limits(268435456L, 1.5, 200), false,
            List.of("9.9.9.9"), true);
        SessionRecord record = sample("demo").withSandbox(facts, LATER);
        SessionRecord read = SessionJson.read(SessionJson.write(record));
        assertEquals(record, read);
        assertEquals(facts, read.sandbox());
        String plain = new String(SessionJson.write(sample("demo")), StandardCharsets.UTF_8);
        assertFalse(plain.contains("sandbox"), "mino 1.6.0's layout, nothing added: " + plain);
        assertTrue(new String(SessionJson.write(record), StandardCharsets.UTF_8).contains("\"env_names\""));
    }

    @Test
    void readsAnUpstreamRecordIgnoringUnknownFieldsAndDefaultingMissingOnes() throws IOException {
        String upstream = "{\n"
            + "  \"id\": \"0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11\",\n"
            + "  \"name\": \"session-1a2b3c4d\",\n"
            + "  \"project_dir\": \"/home/ada/app\",\n"
            + "  \"command\": [\"zsh\"],\n"
            + "  \"container_id\": null,\n"
            + "  \"status\": \"running\",\n"
            + "  \"created_at\": \"2026-03-24T09:15:02.123456789Z\",\n"
            + "  \"updated_at\": \"2026-03-24T10:15:02+00:00\",\n"
            + "  \"cloud_providers\": [],\n"
            + "  \"runtime_mode\": \"container\"\n"
            + "}";
        SessionRecord record = SessionJson.read(upstream.getBytes(StandardCharsets.UTF_8));
        assertEquals("session-1a2b3c4d", record.name());
        assertEquals(SessionStatus.RUNNING, record.status());
        assertEquals(Instant.parse("2026-03-24T09:15:02.123456789Z"), record.createdAt());
        assertEquals(Instant.parse("2026-03-24T10:15:02Z"), record.updatedAt());
        assertNull(record.homeVolume());
        assertNull(record.image());
        assertNull(record.ownerHost());
        assertEquals(0L, record.ownerPid());
        assertFalse(record.detached());
    }

    @Test
    void aRecordWithoutTheOptionalFieldsReadsWithDefaults() throws IOException {
        // As an older writer left it: no command, cloud_providers, home_volume, image, exit code,
        // owner, error or detached.
        String old = "{\n"
            + "  \"id\": \"0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11\",\n"
            + "  \"name\": \"old\",\n"
            + "  \"project_dir\": \"/home/ada/app\",\n"
            + "  \"container_id\": \"c1\",\n"
            + "  \"status\": \"stopped\",\n"
            + "  \"created_at\": \"2026-03-24T09:15:02.123Z\",\n"
            + "  \"updated_at\": \"2026-03-24T09:16:02.123Z\"\n"
            + "}";
        SessionRecord record = SessionJson.read(old.getBytes(StandardCharsets.UTF_8));
        assertEquals("0b5f5c1e-8a0e-4a51-9a3a-2f7c2b0d9e11", record.id());
        assertEquals("c1", record.containerId());
        assertEquals(List.of(), record.command());
        assertEquals(List.of(), record.cloudProviders());
        assertNull(record.homeVolume());
        assertNull(record.image());
        assertNull(record.exitCode());
        assertNull(record.error());
        assertNull(record.ownerHost());
        assertEquals(0L, record.ownerPid());
        assertFalse(record.detached());
        // Written again, it gains every field, in the specified order.
        JsonNode tree = new ObjectMapper().readTree(SessionJson.write(record));
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "name", "project_dir", "command", "container_id", "status", "created_at",
            "updated_at", "cloud_providers", "home_volume", "image", "exit_code", "owner_host", "owner_pid", "error",
            "detached"), names);
        assertTrue(tree.get("cloud_providers").isArray() && tree.get("cloud_providers").isEmpty());
        assertFalse(tree.get("detached").asBoolean(true));
    }

    @Test
    void providersHomeVolumeAndDetachedRoundTripAndAreWrittenAsSpecified() throws IOException {
        SessionRecord record = SessionRecord.starting("demo", Path.of("/p"), List.of("sh"), "img",
                "mino-home-0123456789ab", true, CREATED)
            .withCloudProviders(List.of("aws", "github"), LATER);
        String json = new String(SessionJson.write(record), StandardCharsets.UTF_8);
        assertTrue(json.contains("\n  \"cloud_providers\": [\n    \"aws\",\n    \"github\"\n  ],\n"
            + "  \"home_volume\": \"mino-home-0123456789ab\",\n"), json);
        assertTrue(json.contains("\n  \"detached\": true\n}"), json);
        SessionRecord read = SessionJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(record, read);
        assertEquals(List.of("aws", "github"), read.cloudProviders());
        assertEquals("mino-home-0123456789ab", read.homeVolume());
        assertTrue(read.detached());
    }

    @Test
    void keepsWhetherTheSandboxIsDetachedThroughJson() throws IOException {
        SessionRecord record = SessionRecord.starting("demo", Path.of("/p"), List.of("sh"), "img", null, true, CREATED)
            .withStatus(SessionStatus.RUNNING, LATER);
        SessionRecord read = SessionJson.read(SessionJson.write(record));
        assertTrue(read.detached());
        assertEquals(record, read);
        assertFalse(sample("demo").detached());
    }

    @Test
    void rejectsARecordWithoutRequiredFields() {
        byte[] json = "{\"id\":\"x\",\"status\":\"running\"}".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> SessionJson.read(json));
        assertTrue(e.getMessage().contains("Session record has no 'name'"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownStatus() {
        byte[] json = ("{\"id\":\"x\",\"name\":\"n\",\"project_dir\":\"/p\",\"status\":\"paused\","
            + "\"created_at\":\"2026-03-24T09:15:02Z\",\"updated_at\":\"2026-03-24T09:15:02Z\"}")
            .getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> SessionJson.read(json));
    }

    @Test
    void withersChangeOneFieldAndBumpUpdatedAt() {
        SessionRecord record = sample("demo");
        SessionRecord running = record.withStatus(SessionStatus.RUNNING, LATER);
        assertEquals(SessionStatus.RUNNING, running.status());
        assertEquals(LATER, running.updatedAt());
        assertEquals(record.createdAt(), running.createdAt());
        assertEquals(record.id(), running.id());
        assertEquals("c1", record.withContainerId("c1", LATER).containerId());
        assertEquals(3, record.withExitCode(3, LATER).exitCode());
        assertEquals("boom", record.withError("boom", LATER).error());
        assertEquals(List.of("gcp"), record.withCloudProviders(List.of("gcp"), LATER).cloudProviders());
        assertEquals(LATER, record.withError("boom", LATER).updatedAt());
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> command = new ArrayList<>(List.of("a"));
        SessionRecord record = SessionRecord.starting("demo", Path.of("/p"), command, "img", null, false, CREATED);
        command.add("b");
        assertEquals(List.of("a"), record.command());
        assertThrows(UnsupportedOperationException.class, () -> record.command().add("c"));
    }

    @Test
    void statusesUseLowercaseNames() {
        for (SessionStatus status : SessionStatus.values()) {
            assertEquals(status, SessionStatus.fromJsonName(status.jsonName()));
        }
        assertEquals("stopped", SessionStatus.STOPPED.jsonName());
        assertTrue(SessionStatus.FAILED.isFinished());
        assertTrue(!SessionStatus.RUNNING.isFinished());
    }

    @Test
    void timestampsAlwaysHaveSubSecondDigits() {
        assertEquals("2026-03-24T09:15:02.000Z", Timestamps.formatZulu(Instant.parse("2026-03-24T09:15:02Z")));
        assertEquals("2026-03-24T09:15:02.5+00:00".replace(".5", ".500"),
            Timestamps.formatWithOffset(Instant.parse("2026-03-24T09:15:02.5Z")));
        assertEquals("2026-03-24T09:15:02.000000001Z",
            Timestamps.formatZulu(Instant.parse("2026-03-24T09:15:02.000000001Z")));
        assertEquals(Instant.parse("2026-03-24T08:15:02Z"), Timestamps.parse("2026-03-24T09:15:02+01:00"));
    }
}
