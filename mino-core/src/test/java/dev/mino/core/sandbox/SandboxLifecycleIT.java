package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.Sandbox;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many sandboxes at once, and sandboxes whose owner JVM was killed. */
@RequiresPodman
@Timeout(300)
class SandboxLifecycleIT {
    private static PodmanClient podman;
    private Path project;
    private Path state;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    void removeFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    @Test
    void sixteenSandboxesStartedConcurrentlyKeepEverySessionRecordIntact() throws Exception {
        String prefix = "conc" + Long.toHexString(System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (Sandbox sb = Sandbox.builder().engine(TestPodman.address().uri())
                        .image(TestPodman.BUSYBOX_IMAGE).project(project).stateDirectory(state)
                        .name(prefix + "-" + n).command("sh", "-c", "echo run-" + n + "; exit " + n).start()) {
                        int code = sb.awaitExit(Duration.ofSeconds(120));
                        assertEquals("run-" + n + "\n", sb.logs().stdout());
                        return code;
                    }
                }));
            }
            for (int i = 0; i < 16; i++) {
                assertEquals(i, results.get(i).get(240, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 16; i++) {
            JsonNode record = json.readTree(state.resolve("sessions").resolve(prefix + "-" + i + ".json").toFile());
            assertEquals("stopped", record.get("status").asText(), record.toString());
            assertEquals(i, record.get("exit_code").asInt());
            assertEquals(prefix + "-" + i, record.get("name").asText());
        }
        try (var files = Files.list(state.resolve("sessions"))) {
            assertEquals(16, files.filter(f -> f.getFileName().toString().endsWith(".json")).count(),
                "one record per session and no temp files");
        }
        assertTrue(podman.containers().list(new Filters().label("dev.mino.managed", "true"), true).stream()
            .noneMatch(c -> c.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)), "nothing left");
    }

    /** Starts a child JVM that runs a sandbox; returns the container id once it has started. */
    private String startOwner(String mode, String session, List<String> command, Process[] handle) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            OwnerProcessMain.class.getName(), mode, TestPodman.address().uri(), TestPodman.BUSYBOX_IMAGE,
            project.toString(), state.toString(), session));
        args.addAll(command);
        Process owner = new ProcessBuilder(args).redirectError(new File(state.toFile(), session + "-stderr.txt"))
            .start();
        handle[0] = owner;
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("STARTED "), "child said: " + line + " / "
            + Files.readString(state.resolve(session + "-stderr.txt")));
        return line.substring("STARTED ".length());
    }

    private JsonNode record(String session) throws java.io.IOException {
        return new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json").toFile());
    }

    @Test
    void theNextStartRemovesTheSandboxesOfAKilledOwner() throws Exception {
        String session = "orphan" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        String containerId;
        try {
            containerId = startOwner("wait", session, List.of("sleep", "600"), owner);
        } finally {
            if (owner[0] != null) {
                owner[0].destroyForcibly();
            }
        }
        assertTrue(owner[0].waitFor(30, TimeUnit.SECONDS));
        assertTrue(podman.containers().exists(containerId), "SIGKILL left the container behind");

        // Any start from another JVM on this host sweeps it.
        try (Sandbox next = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("true").start()) {
            assertEquals(0, next.awaitExit(Duration.ofSeconds(60)));
        }
        assertFalse(podman.containers().exists(containerId), "the orphaned container was removed");
        JsonNode record = record(session);
        assertEquals("failed", record.get("status").asText());
        assertTrue(record.get("error").asText().contains("owner process"), record.toString());
    }

    @Test
    void aStartCutShortByADeadJvmIsMarkedFailedByTheNextStart() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        String session = "cut" + Long.toHexString(System.nanoTime());
        java.time.Instant now = java.time.Instant.now();
        new dev.mino.core.internal.state.SessionStore(new dev.mino.core.internal.state.MinoPaths(state, state, state))
            .create(new dev.mino.core.internal.state.SessionRecord(UUID.randomUUID().toString(), session,
                project.toString(), List.of("true"), null, dev.mino.core.internal.state.SessionStatus.STARTING, now,
                now, List.of(), null, TestPodman.BUSYBOX_IMAGE, null, dev.mino.core.internal.state.HostName.local(),
                gone.pid(), null));
        try (Sandbox next = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("true").start()) {
            next.awaitExit(Duration.ofSeconds(60));
        }
        JsonNode record = record(session);
        assertEquals("failed", record.get("status").asText());
        assertTrue(record.get("error").asText().contains("ended while starting"), record.toString());
    }

    @Test
    void aNormalJvmExitRemovesItsOpenSandboxes() throws Exception {
        String session = "hooked" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        String containerId = startOwner("exit", session, List.of("sleep", "600"), owner);
        assertTrue(owner[0].waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, owner[0].exitValue());
        assertFalse(podman.containers().exists(containerId), "the shutdown hook removed the container");
        assertEquals("stopped", record(session).get("status").asText());
    }

    @Test
    void aDetachedSandboxOutlivesItsJvmAndTheSweepAndCanBeOpenedAndStopped() throws Exception {
        String session = "detached" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        String containerId = startOwner("detach", session, List.of("sleep", "600"), owner);
        try {
            assertTrue(owner[0].waitFor(60, TimeUnit.SECONDS));
            assertTrue(podman.containers().exists(containerId), "no shutdown hook removed it");
            try (Sandbox next = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
                .project(project).stateDirectory(state).command("true").start()) {
                next.awaitExit(Duration.ofSeconds(60));
            }
            assertTrue(podman.containers().exists(containerId), "the sweep left the detached sandbox alone");

            Sandbox opened = Sessions.at(state).engine(TestPodman.address().uri()).open(session);
            assertEquals(containerId, opened.containerId());
            assertEquals("/" + project.getFileName() + "\n", opened.exec("pwd").stdout());
            opened.stop(Duration.ofSeconds(1));
            opened.close();
            assertFalse(podman.containers().exists(containerId));
            assertEquals("stopped", record(session).get("status").asText());
        } finally {
            podman.containers().remove(containerId, true);
        }
    }

    @Test
    void listingReconcilesARecordWhoseContainerHasExited() throws Exception {
        String session = "recon" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        String containerId;
        // Detached, and its JVM gone before the command ends: nobody records the exit, and no
        // sweep (of this JVM or any other) removes the container meanwhile.
        containerId = startOwner("detach", session, List.of("sh", "-c", "sleep 2; exit 5"), owner);
        assertTrue(owner[0].waitFor(60, TimeUnit.SECONDS));
        try {
            assertEquals(5, podman.containers().waitForExit(containerId, Duration.ofMillis(50)));
            assertEquals("running", record(session).get("status").asText());

            SessionInfo info = Sessions.at(state).engine(TestPodman.address().uri()).find(session).orElseThrow();
            assertEquals(SessionInfo.Status.STOPPED, info.status());
            assertEquals(5, info.exitCode());
            assertEquals("stopped", record(session).get("status").asText(), "written back to the record");
            assertEquals(5, record(session).get("exit_code").asInt());
        } finally {
            podman.containers().remove(containerId, true);
        }
    }
}
