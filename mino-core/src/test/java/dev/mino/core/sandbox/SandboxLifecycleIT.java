package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.ContainerSummary;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Many sandboxes at once, and sandboxes whose owner JVM was killed. */
@RequiresPodman
@Timeout(300)
class SandboxLifecycleIT extends SandboxFolders {
    private static PodmanClient podman;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
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
        String line = launchOwner(mode, session, "-", command, handle);
        assertTrue(line.startsWith("STARTED "), "child said: " + line);
        return line.substring("STARTED ".length());
    }

    /**
     * Starts a child JVM running {@link OwnerProcessMain} in {@code mode}, its sandbox asking for a
     * credential of value {@code secret} unless that is {@code -}; returns the first line it prints.
     */
    private String launchOwner(String mode, String session, String secret, List<String> command, Process[] handle)
        throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            OwnerProcessMain.class.getName(), mode, TestPodman.address().uri(), TestPodman.BUSYBOX_IMAGE,
            project.toString(), state.toString(), session, secret));
        args.addAll(command);
        Process owner = new ProcessBuilder(args).redirectError(new File(state.toFile(), session + "-stderr.txt"))
            .start();
        handle[0] = owner;
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null, "child said nothing: " + Files.readString(state.resolve(session + "-stderr.txt")));
        return line;
    }

    /** SIGKILLs the child JVM and checks that it died of it: no shutdown hook ran. */
    private static void kill(Process owner) throws InterruptedException {
        owner.destroyForcibly();
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS), "the killed JVM ended");
        assertEquals(128 + 9, owner.exitValue(), "the JVM died of SIGKILL");
    }

    /** The containers of {@code session}, running or not, of every JVM. */
    private static List<ContainerSummary> containersOf(String session) {
        return podman.containers().list(new Filters().label("dev.mino.session", session), true);
    }

    /** The names of the Podman secrets labelled as {@code session}'s (Podman 4.3 lists no labels: inspect each). */
    private static List<String> secretsOf(String session) {
        return podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
            .filter(n -> n != null && n.startsWith("mino-"))
            .filter(n -> podman.secrets().inspect(n).map(s -> session.equals(s.labels().get("dev.mino.session")))
                .orElse(false))
            .toList();
    }

    /** Removes what a failed test may have left of {@code session}, so that others' runs are not bothered. */
    private static void removeLeftovers(String session) {
        containersOf(session).forEach(c -> podman.containers().remove(c.id(), true));
        secretsOf(session).forEach(n -> podman.secrets().remove(n));
    }

    /** Starts a sandbox from this JVM, whose first start against {@link #state} sweeps. */
    private void startAnotherSandbox() {
        try (Sandbox next = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("true").start()) {
            assertEquals(0, next.awaitExit(Duration.ofSeconds(60)));
        }
    }

    private JsonNode record(String session) throws java.io.IOException {
        return new ObjectMapper().readTree(state.resolve("sessions").resolve(session + ".json").toFile());
    }

    @Test
    void theNextStartRemovesTheSandboxAndSecretsOfAnOwnerKilledDuringARun() throws Exception {
        String session = "orphan" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        try {
            String line = launchOwner("wait", session, "RUN-SECRET-" + UUID.randomUUID(), List.of("sleep", "600"),
                owner);
            assertTrue(line.startsWith("STARTED "), "child said: " + line);
            String containerId = line.substring("STARTED ".length());
            assertTrue(podman.containers().inspect(containerId).orElseThrow().running());
            assertEquals(1, secretsOf(session).size(), "the credential's secret exists");
            assertEquals("running", record(session).get("status").asText());
            kill(owner[0]);
            assertTrue(podman.containers().exists(containerId), "SIGKILL left the container behind");
            assertEquals(1, secretsOf(session).size(), "SIGKILL left the secret behind");

            // Any start from another JVM on this host sweeps it.
            startAnotherSandbox();
            assertFalse(podman.containers().exists(containerId), "the orphaned container was removed");
            assertEquals(List.of(), secretsOf(session), "the orphaned secret was removed");
            JsonNode record = record(session);
            assertEquals("failed", record.get("status").asText());
            assertTrue(record.get("error").asText().contains("owner process " + owner[0].pid()), record.toString());
        } finally {
            if (owner[0] != null) {
                owner[0].destroyForcibly();
            }
            removeLeftovers(session);
        }
    }

    @Test
    void aKilledOwnersSessionIsFailedEvenWhenASweepOfAnotherStateDirectoryRemovedItsContainerFirst()
        throws Exception {
        String session = "elsewhere" + Long.toHexString(System.nanoTime());
        Path otherState = TestDirectories.create("mino-it-state");
        Process[] owner = new Process[1];
        try {
            String line = launchOwner("wait", session, "-", List.of("sleep", "600"), owner);
            assertTrue(line.startsWith("STARTED "), "child said: " + line);
            String containerId = line.substring("STARTED ".length());
            kill(owner[0]);

            // A JVM using other state sweeps first: the container goes, but that JVM cannot see the record.
            try (Sandbox other = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
                .project(project).stateDirectory(otherState).command("true").start()) {
                assertEquals(0, other.awaitExit(Duration.ofSeconds(60)));
            }
            assertFalse(podman.containers().exists(containerId), "the other sweep removed the container");
            assertEquals("running", record(session).get("status").asText());

            startAnotherSandbox();
            JsonNode record = record(session);
            assertEquals("failed", record.get("status").asText(), record.toString());
            assertTrue(record.get("error").asText().contains("owner process " + owner[0].pid()
                + " ended without closing it"), record.toString());
        } finally {
            if (owner[0] != null) {
                owner[0].destroyForcibly();
            }
            removeLeftovers(session);
            TestDirectories.delete(otherState);
        }
    }

    /**
     * A JVM killed while it starts a sandbox: its start is held, by its own progress listener, just
     * after the secrets were created ("Creating container": no container yet) or just after the
     * container was created ("Starting container": created, never started, the session still
     * starting). A detached sandbox cut short so never ran, and nobody could stop it: it goes too.
     */
    @ParameterizedTest(name = "killed at {0}, detached: {1}")
    @CsvSource({"Creating container, false", "Starting container, false", "Creating container, true",
        "Starting container, true"})
    void theNextStartRemovesWhatAnOwnerKilledDuringItsStartLeftAndFailsItsSession(String killedAt, boolean detached)
        throws Exception {
        String session = "cut" + Long.toHexString(System.nanoTime());
        Process[] owner = new Process[1];
        try {
            String line = launchOwner("hang-at:" + killedAt + (detached ? "+detach" : ""), session,
                "START-SECRET-" + UUID.randomUUID(), List.of("sleep", "600"), owner);
            assertTrue(line.startsWith("PAUSED " + killedAt), "child said: " + line);
            List<ContainerSummary> containers = containersOf(session);
            if (killedAt.equals("Creating container")) {
                assertEquals(List.of(), containers, "no container yet");
            } else {
                assertEquals(1, containers.size(), containers.toString());
                assertEquals("created", containers.get(0).state(), "created, not started");
            }
            List<String> secrets = secretsOf(session);
            assertEquals(1, secrets.size(), "the credential's secret exists");
            JsonNode before = record(session);
            assertEquals("starting", before.get("status").asText());
            assertEquals(owner[0].pid(), before.get("owner_pid").asLong());

            kill(owner[0]);
            assertEquals(containers.size(), containersOf(session).size(), "SIGKILL left the container behind");
            assertEquals(secrets, secretsOf(session), "SIGKILL left the secret behind");

            startAnotherSandbox();
            assertEquals(List.of(), containersOf(session), "the container was removed");
            assertEquals(List.of(), secretsOf(session), "the secret was removed");
            JsonNode record = record(session);
            assertEquals("failed", record.get("status").asText(), record.toString());
            assertTrue(record.get("error").asText().contains("owner process " + owner[0].pid()
                + " ended while starting"), record.toString());
        } finally {
            if (owner[0] != null) {
                owner[0].destroyForcibly();
            }
            removeLeftovers(session);
        }
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
    void aDetachedSandboxAndItsSecretsOutliveItsJvmAndTheSweepAndCanBeOpenedAndStopped() throws Exception {
        String session = "detached" + Long.toHexString(System.nanoTime());
        String secret = "DETACHED-SECRET-" + UUID.randomUUID();
        Process[] owner = new Process[1];
        String line = launchOwner("detach", session, secret, List.of("sleep", "600"), owner);
        assertTrue(line.startsWith("STARTED "), "child said: " + line);
        String containerId = line.substring("STARTED ".length());
        try {
            assertTrue(owner[0].waitFor(60, TimeUnit.SECONDS));
            assertTrue(podman.containers().exists(containerId), "no shutdown hook removed it");
            assertEquals(1, secretsOf(session).size(), "no shutdown hook removed its secret");
            startAnotherSandbox();
            assertTrue(podman.containers().exists(containerId), "the sweep left the detached sandbox alone");
            assertEquals(1, secretsOf(session).size(), "the sweep left the detached sandbox's secret alone");

            Sandbox opened = Sessions.at(state).engine(TestPodman.address().uri()).open(session);
            assertEquals(containerId, opened.containerId());
            assertEquals("/" + project.getFileName() + "\n", opened.exec("pwd").stdout());
            ExecResult token = opened.exec("sh", "-c", "test \"$OWNER_TOKEN\" = '" + secret + "' && echo ok");
            assertEquals("ok\n", token.stdout(), token.stderr());
            opened.stop(Duration.ofSeconds(1));
            opened.close();
            assertFalse(podman.containers().exists(containerId));
            assertEquals(List.of(), secretsOf(session), "closing removed the secret");
            assertEquals("stopped", record(session).get("status").asText());
        } finally {
            removeLeftovers(session);
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
