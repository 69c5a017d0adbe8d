package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ExecProcess;
import dev.mino.core.ExecResult;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxTimeoutException;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sandboxes end to end on the real Podman: running, streams, exec, exit codes, cleanup, sessions. */
@RequiresPodman
@Timeout(120)
class SandboxIT extends SandboxFolders {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** What stop(1s) may take at most: its second, the engine's work, a busy machine; not the default 10 s. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);
    private static PodmanClient podman;


    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void folders() throws IOException {
        Files.writeString(project.resolve("hello.txt"), "from the host\n");
    }

    private SandboxBuilder builder() {
        return Sandbox.builder()
            .engine(TestPodman.address().uri())
            .image(TestPodman.BUSYBOX_IMAGE)
            .project(project)
            .stateDirectory(state);
    }

    @Test
    void runsACommandInTheProjectFolderAndReturnsItsExitCode() {
        try (Sandbox sb = builder().command("sh", "-c", "pwd; cat hello.txt; echo oops >&2; exit 42").start()) {
            assertEquals(42, sb.awaitExit(WAIT));
            assertEquals("/" + project.getFileName() + "\nfrom the host\n", sb.logs().stdout());
            assertEquals("oops\n", sb.logs().stderr());
            assertEquals(42, sb.exitCode().getAsInt());
        }
    }

    @Test
    void returnsExitCodesOfSignalsAndTheWholeRange() {
        try (Sandbox sb = builder().command("sleep", "300").start()) {
            sb.kill();
            assertEquals(137, sb.awaitExit(WAIT));
        }
        try (Sandbox sb = builder().command("sh", "-c", "exit 255").start()) {
            assertEquals(255, sb.awaitExit(WAIT));
        }
    }

    @Test
    void awaitExitTimesOutWithAClearError() {
        try (Sandbox sb = builder().command("sleep", "300").start()) {
            SandboxTimeoutException e = assertThrows(SandboxTimeoutException.class,
                () -> sb.awaitExit(Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains(sb.sessionName()), e.getMessage());
            assertThrows(MinoException.class, () -> sb.awaitExit(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void execReturnsExitCodeAndKeepsStdoutAndStderrApart() {
        try (Sandbox sb = builder().command("sleep", "300").start()) {
            ExecResult r = sb.exec("sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(3, r.exitCode());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());

            ExecResult pwd = sb.exec("pwd");
            assertEquals(0, pwd.exitCode());
            assertEquals("/" + project.getFileName() + "\n", pwd.stdout());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = sb.exec(List.of("sh", "-c", "tr a-z A-Z"),
                new java.io.ByteArrayInputStream("piped in\n".getBytes(StandardCharsets.UTF_8)), out,
                new ByteArrayOutputStream());
            assertEquals(0, code);
            assertEquals("PIPED IN\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pipesStdinToTheCommandAndKeepsItsStreamsApart() throws Exception {
        try (Sandbox sb = builder().attach(true)
            .command("sh", "-c", "while read line; do echo \"got:$line\"; echo \"err:$line\" >&2; done; echo done")
            .start()) {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(sb.stderr()));
            try (OutputStream in = sb.stdin()) {
                in.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            assertEquals("got:one\ngot:two\ndone\n", readAll(sb.stdout()));
            assertEquals("err:one\nerr:two\n", err.get());
            assertEquals(0, sb.awaitExit(WAIT));
        }
    }

    /**
     * A guard, not a reproduction: an embedder's test once got "Socket is closed" from this close
     * after the command ended; these two orders did not bring it back here (the timing that did is
     * not known), so this passes with and without the quiet half-close in HijackedStream.
     */
    @Test
    void closingStdinAfterTheCommandEndedIsHarmless() throws Exception {
        try (Sandbox sb = builder().attach(true).command("sh", "-c", "echo bye").start()) {
            // Positive control: the command ran and ended, its output read to the end.
            assertEquals("bye\n", readAll(sb.stdout()));
            assertEquals(0, sb.awaitExit(WAIT));
            // An embedder piping stdin closes it when its own input ends, which may be after the command did.
            sb.stdin().close();
            sb.stdin().close();
        }
        // And without reading its output first: only the exit is awaited.
        try (Sandbox sb = builder().attach(true).command("true").start()) {
            assertEquals(0, sb.awaitExit(WAIT));
            Thread.sleep(500);
            sb.stdin().close();
        }
    }

    @Test
    void givesTheCommandATerminalWhenAsked() {
        try (Sandbox sb = builder().attach(true).tty(true).command("sh", "-c", "tty; echo to-stderr >&2").start()) {
            String output = readAll(sb.stdout());
            assertTrue(output.contains("/dev/pts/"), output);
            assertTrue(output.contains("to-stderr\r\n"), "stderr merged, CRLF line ends: " + output);
            assertEquals(0, sb.awaitExit(WAIT));
        }
    }

    @Test
    void stopEndsTheCommandWithinItsTimeout() {
        try (Sandbox sb = builder().command("sleep", "300").start()) {
            long start = System.nanoTime();
            sb.stop(Duration.ofSeconds(1));
            int code = sb.awaitExit(WAIT);
            // busybox sleep as PID 1 ignores SIGTERM, so the SIGKILL after the timeout ends it.
            assertTrue(code == 137 || code == 143, "exit code " + code);
            assertTrue(System.nanoTime() - start < STOP_BOUND.toNanos(), "took " + sinceMillis(start) + " ms");
        }
    }

    /**
     * A command that ignores SIGTERM (a hostile one, or a careless one) still ends one second
     * after stop(1s), killed (137), instead of after the engine's default of 10 seconds.
     */
    @Test
    void stopKillsACommandThatIgnoresSigtermAfterItsTimeoutNotTheEnginesDefault() {
        try (Sandbox sb = builder().command("sh", "-c", "trap '' TERM; touch /tmp/trapped; sleep 1000").start()) {
            // The trap is in place before stop is called.
            ExecResult ready = sb.exec("sh", "-c",
                "for i in $(seq 200); do [ -e /tmp/trapped ] && exit 0; sleep 0.05; done; exit 1");
            assertEquals(0, ready.exitCode(), "the command set its trap: " + ready.stderr());
            long start = System.nanoTime();
            sb.stop(Duration.ofSeconds(1));
            long stopped = sinceMillis(start);
            int code = sb.awaitExit(WAIT);
            long ended = sinceMillis(start);
            assertEquals(137, code, "SIGTERM was ignored, so SIGKILL ended it");
            // At least the timeout (SIGTERM alone did not end it), well under the engine's 10 s.
            assertTrue(stopped >= 900, "stop returned after " + stopped + " ms, before its timeout");
            assertTrue(ended < STOP_BOUND.toMillis(), "ended " + ended + " ms after stop(1s)");
        }
    }

    /** Closing does not wait for a command that ignores SIGTERM either, and leaves no container. */
    @Test
    void closeDoesNotWaitForACommandThatIgnoresSigterm() {
        Sandbox sb = builder().command("sh", "-c", "trap '' TERM; touch /tmp/trapped; sleep 1000").start();
        String id = sb.containerId();
        try {
            ExecResult ready = sb.exec("sh", "-c",
                "for i in $(seq 200); do [ -e /tmp/trapped ] && exit 0; sleep 0.05; done; exit 1");
            assertEquals(0, ready.exitCode(), "the command set its trap: " + ready.stderr());
        } finally {
            long start = System.nanoTime();
            sb.close();
            assertTrue(sinceMillis(start) < STOP_BOUND.toMillis(), "close took " + sinceMillis(start) + " ms");
        }
        assertFalse(podman.containers().exists(id));
    }

    private static long sinceMillis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    @Test
    void followsTheLogUntilTheCommandEnds() {
        try (Sandbox sb = builder().command("sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.3; done; echo bye >&2")
            .start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            sb.logs(out, err, true);
            assertEquals("line1\nline2\nline3\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("bye\n", err.toString(StandardCharsets.UTF_8));
            assertEquals(0, sb.awaitExit(WAIT));

            ByteArrayOutputStream last = new ByteArrayOutputStream();
            sb.logs(last, new ByteArrayOutputStream(), false, 2);
            assertEquals("line3\n", last.toString(StandardCharsets.UTF_8), "the tail counts both streams");
        }
    }

    @Test
    void resizesTheTerminal() {
        try (Sandbox sb = builder().attach(true).tty(true).command("sh", "-c", "sleep 1; stty size").start()) {
            sb.resizeTerminal(40, 100);
            String output = readAll(sb.stdout());
            assertEquals("40 100", output.strip());
            assertThrows(MinoException.class, () -> sb.resizeTerminal(0, 80));
        }
    }

    @Test
    void aTerminalHasItsInitialSizeFromTheFirstByte() {
        try (Sandbox sb = builder().attach(true).tty(true).terminalSize(33, 77).command("stty", "size").start()) {
            assertEquals("33 77", readAll(sb.stdout()).strip());
            assertEquals(0, sb.awaitExit(WAIT));
        }
    }

    @Test
    void startsAnInteractiveProcessWithATerminal() throws Exception {
        try (Sandbox sb = builder().command("sleep", "300").start();
             ExecProcess shell = sb.startProcess(List.of("sh"), true)) {
            shell.resizeTerminal(50, 120);
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(shell.stdout()));
            shell.stdin().write("stty size; echo hi-$((40+2)); exit 3\n".getBytes(StandardCharsets.UTF_8));
            shell.stdin().flush();
            assertEquals(3, shell.awaitExit(WAIT));
            String text = output.get();
            assertTrue(text.contains("50 120"), text);
            assertTrue(text.contains("hi-42"), text);
        }
    }

    @Test
    void anInteractiveProcessCanHaveItsTerminalSizeFromTheStart() throws Exception {
        try (Sandbox sb = builder().command("sleep", "300").start();
             ExecProcess size = sb.startProcess(List.of("stty", "size"), 40, 100)) {
            assertEquals("40 100", readAll(size.stdout()).strip());
            assertEquals(0, size.awaitExit());
        }
    }

    @Test
    void openingAGoneSessionSaysSoWithItsOwnException() {
        Sandbox sb = builder().command("sleep", "300").start();
        String name = sb.sessionName();
        sb.close();
        dev.mino.core.SessionNotFoundException gone = assertThrows(dev.mino.core.SessionNotFoundException.class,
            () -> dev.mino.core.Sessions.at(state).engine(TestPodman.address().uri()).open(name));
        assertEquals(name, gone.session());
        assertThrows(dev.mino.core.SessionNotFoundException.class,
            () -> dev.mino.core.Sessions.at(state).engine(TestPodman.address().uri()).open("never-was"));
    }

    @Test
    void closeRemovesTheContainerAndIsIdempotent() {
        Sandbox sb = builder().command("sleep", "300").start();
        String id = sb.containerId();
        assertTrue(podman.containers().exists(id));
        sb.close();
        assertFalse(podman.containers().exists(id));
        sb.close();
        assertThrows(MinoException.class, () -> sb.exec("true"));
    }

    @Test
    void labelsTheContainerAsMinosAndItsOwners() {
        try (Sandbox sb = builder().name("labelled-" + System.nanoTime()).command("true").start()) {
            var labels = podman.containers().inspect(sb.containerId()).orElseThrow().labels();
            assertEquals("true", labels.get("dev.mino.managed"));
            assertEquals(sb.sessionName(), labels.get("dev.mino.session"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), labels.get("dev.mino.owner.pid"));
            assertFalse(labels.get("dev.mino.owner.host").isEmpty());
        }
    }

    @Test
    void recordsTheSessionAndTheAuditTrail() throws IOException {
        String name;
        try (Sandbox sb = builder().command("sh", "-c", "exit 7").start()) {
            name = sb.sessionName();
            assertEquals(7, sb.awaitExit(WAIT));
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode session = json.readTree(state.resolve("sessions").resolve(name + ".json").toFile());
        assertEquals("stopped", session.get("status").asText());
        assertEquals(7, session.get("exit_code").asInt());
        assertEquals(project.toRealPath().toString(), session.get("project_dir").asText());

        List<String> events = Files.readAllLines(state.resolve("audit.log")).stream()
            .map(line -> readTree(json, line)).filter(n -> n.path("data").path("name").asText().equals(name))
            .map(n -> n.get("event").asText()).toList();
        assertEquals(List.of("session.created", "session.started", "session.stopped"), events);
    }

    @Test
    void theAuditLogRecordsTheNetworkPolicyTheSandboxReallyGot() throws IOException {
        // Bridge is the control: before the fix every session was written down as Bridge.
        Map<String, NetworkPolicy> policies = new LinkedHashMap<>();
        policies.put("Bridge", NetworkPolicy.bridge());
        policies.put("None", NetworkPolicy.none());
        policies.put("Host", NetworkPolicy.host());
        policies.put("Allow([NetworkRule { host: \"192.0.2.1\", port: 443 }])", NetworkPolicy.allow("192.0.2.1:443"));
        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, NetworkPolicy> policy : policies.entrySet()) {
            try (Sandbox sb = builder().firewallImage(TestPodman.DEBIAN_IMAGE).network(policy.getValue())
                .command("true").start()) {
                assertEquals(0, sb.awaitExit(WAIT));
                expected.put(sb.sessionName(), policy.getKey());
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> recorded = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state.resolve("audit.log"))) {
            JsonNode event = readTree(json, line);
            String name = event.path("data").path("name").asText();
            if (event.path("event").asText().equals("session.created") && expected.containsKey(name)) {
                recorded.put(name, event.path("data").path("network").asText());
            }
        }
        assertEquals(expected, recorded);
    }

    @Test
    void aDuplicateRunningSessionNameIsAClearErrorAndCreatesNothing() {
        String name = "dup-" + System.nanoTime();
        try (Sandbox first = builder().name(name).command("sleep", "300").start()) {
            assertEquals(name, first.sessionName());
            MinoException e = assertThrows(MinoException.class, () -> builder().name(name).command("true").start());
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertEquals(1, podman.containers().list(
                new dev.mino.core.internal.podman.Filters().label("dev.mino.session", name), true).size());
        }
        // Once finished, the name can be used again.
        try (Sandbox again = builder().name(name).command("true").start()) {
            assertEquals(0, again.awaitExit(WAIT));
        }
    }

    private static JsonNode readTree(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("audit line is not JSON: " + line, e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
