package dev.mino.core.internal.orbstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.ContainerCreated;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.testing.ChildJvmSandbox;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OrbStack engine end to end against a fake {@code orb} that runs the "VM's" commands on this
 * machine as the test user, its {@code podman system dial-stdio} relaying to the real test Podman:
 * a sandbox started through the public API (in a JVM of its own, whose PATH has the fake orb)
 * has a missing VM created and started, the checks run, and its command run through the stdio
 * transport; failures reach the caller as clear errors.
 */
@RequiresPodman
@Timeout(120)
class OrbStackIT {
    private static final String READY_CHECKS_TAIL = "-m mino which podman|-m mino whoami"
        + "|-m mino grep -q ^minotest: /etc/subuid|-m mino grep -q ^minotest: /etc/subgid"
        + "|-m mino systemctl --user enable --now podman.socket";

    private static final String DIAL_STDIO = "-m mino -u minotest podman system dial-stdio";

    @TempDir
    Path dir;
    private Path project;
    private Path state;

    private FakeOrb orb;
    private final List<String> progress = new ArrayList<>();
    private final Map<EngineAddress, PodmanClient> clients = new ConcurrentHashMap<>();

    @BeforeEach
    void fakeOrb() {
        orb = FakeOrb.create(dir, ((EngineAddress.Unix) TestPodman.address()).socket());
        project = TestDirectories.create("mino-it-orb-project");
        state = TestDirectories.create("mino-it-orb-state");
    }

    @AfterEach
    void closeClients() {
        clients.values().forEach(PodmanClient::close);
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }

    private OrbStackEngine engine() {
        return new OrbStackEngine(OrbStackEngine.DEFAULT_VM, orb.executable(), progress::add);
    }

    private PodmanClient client(EngineAddress address) {
        return clients.computeIfAbsent(address, a -> PodmanClient.create(a, Duration.ofSeconds(30)));
    }

    @Test
    void aSandboxOnAMissingVmCreatesAndStartsItAndRunsThroughDialStdio() throws Exception {
        orb.orbStackRunning(false);

        ChildJvmSandbox.Result result = sandbox(env("CONTAINER_HOST", null), "orbstack://mino", null);

        assertEquals(0, result.exitCode(), result.toString());
        List<String> progress = result.linesOf("PROGRESS");
        assertEquals(List.of("Checking OrbStack", "Starting OrbStack", "Checking OrbStack VM 'mino'",
            "Creating OrbStack VM 'mino' (fedora)", "Starting OrbStack VM 'mino'",
            "Checking Podman in OrbStack VM 'mino'", "Checking rootless Podman in OrbStack VM 'mino'",
            "Enabling Podman's socket in OrbStack VM 'mino'", "Podman in OrbStack VM 'mino' is ready (user minotest)"),
            progress.subList(0, Math.min(9, progress.size())), result.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("Creating container mino-")), result.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("Starting container mino-")), result.toString());
        assertEquals(List.of("42"), result.linesOf("EXIT"), result.toString());
        assertEquals(List.of("from the host through orb"), result.linesOf("STDOUT"), result.toString());
        assertEquals(List.of("0 exec-ok exec-err"), result.linesOf("EXEC"), result.toString());

        // systemctl --user fails in the fake VM; Podman answering through dial-stdio makes that fine.
        List<String> calls = orb.calls();
        assertEquals(String.join("|", "version", "status", "start", "list -q", "create fedora mino",
            "list -f {{.Name}}\t{{.State}}", "start mino", READY_CHECKS_TAIL, DIAL_STDIO),
            String.join("|", calls.subList(0, Math.min(13, calls.size()))));
        // Every call of the sandbox went through dial-stdio: the pooled connection, and more, since
        // the exec's stream takes a connection for good (an upgraded one never goes back to the pool).
        assertTrue(calls.subList(13, calls.size()).stream().allMatch(DIAL_STDIO::equals), calls.toString());
        assertTrue(calls.stream().filter(DIAL_STDIO::equals).count() >= 2, calls.toString());
    }

    @Test
    void containerHostOrbStackMeansTheConfiguredVmWhichIsStartedFromItsDistro() throws Exception {
        orb.orbStackRunning(true).vm("devbox", "stopped").condition("socket-enable-works", true);

        ChildJvmSandbox.Result result = sandbox(env("CONTAINER_HOST", "orbstack:"), ChildJvmSandbox.NONE,
            new MinoConfig.Vm("devbox", "ubuntu"));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("Checking OrbStack", "Checking OrbStack VM 'devbox'", "Starting OrbStack VM 'devbox'",
            "Checking Podman in OrbStack VM 'devbox'", "Checking rootless Podman in OrbStack VM 'devbox'",
            "Enabling Podman's socket in OrbStack VM 'devbox'",
            "Podman in OrbStack VM 'devbox' is ready (user minotest)"),
            result.linesOf("PROGRESS").subList(0, 7), result.toString());
        assertEquals(List.of("42"), result.linesOf("EXIT"), result.toString());
        assertTrue(orb.calls().contains("start devbox"), orb.calls().toString());
        assertTrue(orb.calls().contains("-m devbox -u minotest podman system dial-stdio"), orb.calls().toString());
        assertTrue(orb.calls().stream().noneMatch(c -> c.startsWith("create") || c.contains(" mino ")),
            orb.calls().toString());
    }

    @Test
    void aVmThatCannotBeCreatedIsAClearErrorOfTheSandboxStart() throws Exception {
        orb.orbStackRunning(true).fail("create", "not enough disk space for machine 'mino'");

        ChildJvmSandbox.Result result = sandbox(env("CONTAINER_HOST", null), "orbstack://mino", null);

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals(List.of("Checking OrbStack", "Checking OrbStack VM 'mino'", "Creating OrbStack VM 'mino' (fedora)"),
            result.linesOf("PROGRESS"), result.toString());
        assertTrue(result.text().contains("ERROR PodmanConnectionException: no Podman service found; tried:\n"
            + "  - explicit engine (orbstack://mino): VM failed to start: Failed to create VM: "
            + "not enough disk space for machine 'mino'\nHINT Try: orb delete mino && mino setup"), result.toString());
        assertTrue(orb.calls().stream().noneMatch(c -> c.contains("dial-stdio")), orb.calls().toString());
    }

    @Test
    void withoutOrbTheSandboxStartSaysOrbStackIsNotInstalled() throws Exception {
        // Neither on PATH nor where OrbStack or Homebrew put it (HOME is an empty folder).
        ChildJvmSandbox.Result result = sandbox(env("CONTAINER_HOST", null, "PATH", "/usr/bin:/bin",
            "HOME", project.toString()), "orbstack:", null);

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals(List.of("Checking OrbStack"), result.linesOf("PROGRESS"), result.toString());
        assertTrue(result.text().contains("ERROR PodmanConnectionException: no Podman service found; tried:\n"
            + "  - explicit engine (orbstack://mino): OrbStack is not installed: cannot run 'orb' (Cannot run program "
            + "\"orb\": error=2, No such file or directory)\n"
            + "HINT Install OrbStack from https://orbstack.dev or run: brew install orbstack"), result.toString());
        assertEquals(List.of(), orb.calls());
    }

    /** Environment changes: name, value, name, value...; a null value removes the variable. */
    private static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    /** A sandbox in a JVM with the fake orb first on PATH, the project holding hello.txt. */
    private ChildJvmSandbox.Result sandbox(Map<String, String> environment, String engine, MinoConfig.Vm vm)
        throws Exception {
        Files.writeString(project.resolve("hello.txt"), "from the host through orb\n");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", dir + File.pathSeparator + System.getenv("PATH"));
        env.putAll(environment);
        return ChildJvmSandbox.run(env, TestPodman.BUSYBOX_IMAGE, project, state, engine, vm);
    }

    @Test
    void aReadyVmIsOnlyCheckedAndPodmanIsInstalledAndRootlessSetUpWhereMissing() {
        orb.orbStackRunning(true).vm("mino", "running").condition("hide-podman", true).fail("dnf", "no dnf here")
            .condition("hide-subids", true).condition("socket-enable-works", true);

        engine().ensureReady();

        assertEquals(List.of("version", "status", "list -q", "list -f {{.Name}}\t{{.State}}",
            "-m mino which podman", "-m mino sudo dnf install -y podman", "-m mino sudo apt-get update",
            "-m mino sudo apt-get install -y podman", "-m mino which podman", "-m mino whoami",
            "-m mino grep -q ^minotest: /etc/subuid",
            "-m mino sh -c echo 'minotest:100000:65536' | sudo tee -a /etc/subuid",
            "-m mino grep -q ^minotest: /etc/subgid",
            "-m mino sh -c echo 'minotest:100000:65536' | sudo tee -a /etc/subgid",
            "-m mino podman system migrate", "-m mino systemctl --user enable --now podman.socket"), orb.calls());
        assertTrue(progress.contains("Adding minotest to /etc/subuid in OrbStack VM 'mino'"), progress.toString());
        assertTrue(progress.contains("Migrating Podman to rootless mode in OrbStack VM 'mino'"), progress.toString());

        orb.clearCalls();
        engine().ensureReady();
        assertEquals(String.join("|", "version", "status", "list -q", "list -f {{.Name}}\t{{.State}}",
            READY_CHECKS_TAIL), String.join("|", orb.calls()));
    }

    @Test
    void aPostAfterMoreThanTenSecondsIdleDoesNotHangOnTheStdioTransport() throws Exception {
        orb.orbStackRunning(true).vm("mino", "running").condition("socket-enable-works", true);
        try (PodmanClient client = PodmanClient.create(engine().ensureReady(), Duration.ofSeconds(20))) {
            client.ping();
            Thread.sleep(11_000);
            long start = System.nanoTime();
            ContainerCreated created = client.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
                "command", List.of("true"), "labels", Map.of("dev.mino.test", "true")));
            try {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 10_000, "create after idle took " + millis + " ms");
            } finally {
                client.containers().remove(created.id(), true);
            }
        }
    }
}
