package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.CacheGcResult;
import dev.mino.core.CacheInfo;
import dev.mino.core.Caches;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dependency caches and home volumes on the real Podman. */
@RequiresPodman
@Timeout(300)
class CachesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PodmanClient podman;
    private final List<Path> folders = new ArrayList<>();
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
    void stateFolder() {
        state = folder("mino-it-state");
    }

    @AfterEach
    void cleanUp() {
        // The test's own caches and homes: every volume whose projects are this test's folders.
        Caches caches = Caches.at(state).engine(TestPodman.address().uri());
        for (CacheInfo cache : caches.list()) {
            if (cache.projects().stream().anyMatch(folders::contains)) {
                podman.volumes().remove(cache.volume(), true);
            }
        }
        caches.homeVolumes().stream().filter(h -> folders.contains(h.project()))
            .forEach(h -> podman.volumes().remove(h.volume(), true));
        folders.forEach(TestDirectories::delete);
    }

    private Path folder(String prefix) {
        Path dir = TestDirectories.create(prefix);
        folders.add(dir);
        return dir;
    }

    private Path project(Map<String, String> files) throws IOException {
        Path project = folder("mino-it-project");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(project.resolve(file.getKey()), file.getValue());
        }
        return project;
    }

    private SandboxBuilder builder(Path project) {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state);
    }

    private ExecResult run(Path project, String script) {
        try (Sandbox sb = builder(project).command("sh", "-c", script).start()) {
            int code = sb.awaitExit(WAIT);
            return new ExecResult(code, sb.logs().stdout(), sb.logs().stderr());
        }
    }

    private CacheInfo cache(String volume) {
        return Caches.at(state).engine(TestPodman.address().uri()).list().stream()
            .filter(c -> c.volume().equals(volume)).findFirst().orElseThrow(() -> new AssertionError(volume));
    }

    @Test
    void eachLockfileGetsItsOwnCacheThatPersistsAndFollowsTheLockfile() throws IOException {
        String run = UUID.randomUUID().toString();
        Path project = project(Map.of("package-lock.json", "{\"run\":\"" + run + "\"}", "Cargo.lock", "# " + run));
        ExecResult first = run(project, "echo $npm_config_cache $CARGO_HOME; grep ' /cache/' /proc/mounts | wc -l; "
            + "echo kept > /cache/npm/marker");
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals("/cache/npm /cache/cargo\n2\n", first.stdout());

        List<CacheInfo> caches = Caches.at(state).engine(TestPodman.address().uri()).forProject(project);
        assertEquals(List.of("npm", "cargo"), caches.stream().map(CacheInfo::ecosystem).toList());
        assertTrue(caches.stream().allMatch(c -> c.state() == CacheInfo.State.COMPLETE), caches.toString());

        assertEquals("kept\n", run(project, "cat /cache/npm/marker").stdout());

        Files.writeString(project.resolve("package-lock.json"), "{\"run\":\"" + run + "-changed\"}");
        ExecResult changed = run(project, "cat /cache/npm/marker 2>/dev/null || echo absent");
        assertEquals("absent\n", changed.stdout());
        List<CacheInfo> after = Caches.at(state).engine(TestPodman.address().uri()).forProject(project);
        assertNotEquals(caches.get(0).volume(), after.get(0).volume(), "a new lockfile, a new volume");
        assertEquals(caches.get(1).volume(), after.get(1).volume(), "cargo unchanged");
    }

    /**
     * Lockfiles are public: project B copies A's to get A's cache, and its hostile sandbox tries to
     * read what A's installs left there and to plant a file for A's next install.
     */
    @Test
    void aProjectWithACopiedLockfileNeitherSeesNorChangesAnotherProjectsCache() throws IOException {
        String lockfile = "{\"lockfileVersion\":3,\"name\":\"shared-" + UUID.randomUUID() + "\"}";
        Path a = project(Map.of("package-lock.json", lockfile));
        Path b = project(Map.of("package-lock.json", lockfile));
        ExecResult written = run(a, "echo from-a > /cache/npm/marker");
        assertEquals(0, written.exitCode(), written.stderr());

        ExecResult attack = run(b, "cat /cache/npm/marker 2>/dev/null || echo absent; "
            + "echo planted-by-b > /cache/npm/marker; echo planted-by-b > /cache/npm/planted");
        assertEquals(0, attack.exitCode(), attack.stderr());
        assertEquals("absent\n", attack.stdout(), "B must not see what A's sandbox wrote");

        // The positive control: A's own cache is still there for A, unchanged by B.
        ExecResult again = run(a, "cat /cache/npm/marker; cat /cache/npm/planted 2>/dev/null || echo no-plant");
        assertEquals("from-a\nno-plant\n", again.stdout(), again.stderr());
        String volumeOfA = caches(a).get(0).volume();
        String volumeOfB = caches(b).get(0).volume();
        assertNotEquals(volumeOfA, volumeOfB);
        assertEquals(caches(a).get(0).hash(), caches(b).get(0).hash(), "the same lockfile, yet two caches");
        assertEquals(List.of(a.toRealPath()), cache(volumeOfA).projects());
        assertEquals(a.toRealPath().toString(), podman.volumes().list(new Filters().label("io.mino.cache.project",
            a.toRealPath().toString())).get(0).labels().get("io.mino.cache.project"));
    }

    @Test
    void aKilledRunLeavesTheCacheBuildingAndTheNextCleanRunCompletesIt() throws IOException {
        Path project = project(Map.of("go.sum", "run " + UUID.randomUUID()));
        String volume;
        try (Sandbox sb = builder(project).command("sh", "-c", "echo partial > /cache/go/partial; sleep 300").start()) {
            volume = caches(project).get(0).volume();
            sb.exec("true");
            sb.kill();
            assertEquals(137, sb.awaitExit(WAIT));
        }
        assertEquals(CacheInfo.State.BUILDING, cache(volume).state());
        ExecResult again = run(project, "cat /cache/go/partial");
        assertEquals("partial\n", again.stdout(), "the same volume is reused");
        assertEquals(CacheInfo.State.COMPLETE, cache(volume).state());
    }

    private List<CacheInfo> caches(Path project) {
        return Caches.at(state).engine(TestPodman.address().uri()).forProject(project);
    }

    @Test
    void gcRemovesByAgeAndBySizeAndNothingUnlabelled() throws IOException {
        String unlabelled = "mino-cache-npm-unlabelled" + UUID.randomUUID().toString().substring(0, 6);
        podman.volumes().create(unlabelled, Map.of("dev.mino.test", "true"));
        try {
            Path old = project(Map.of("uv.lock", "old " + UUID.randomUUID()));
            Path small = project(Map.of("uv.lock", "small " + UUID.randomUUID()));
            Path big = project(Map.of("uv.lock", "big " + UUID.randomUUID()));
            assertEquals(0, run(old, "echo x > /cache/uv/x").exitCode());
            assertEquals(0, run(small, "head -c 100000 /dev/zero > /cache/uv/data").exitCode());
            assertEquals(0, run(big, "head -c 3000000 /dev/zero > /cache/uv/data").exitCode());
            String oldVolume = caches(old).get(0).volume();
            String smallVolume = caches(small).get(0).volume();
            String bigVolume = caches(big).get(0).volume();
            makeLastUsed(oldVolume, Instant.now().minus(40, ChronoUnit.DAYS));
            makeLastUsed(smallVolume, Instant.now().minus(2, ChronoUnit.DAYS));

            Caches caches = Caches.at(state).engine(TestPodman.address().uri());
            CacheGcResult dry = caches.gc(Duration.ofDays(30), 0, true);
            assertTrue(dry.caches().stream().anyMatch(r -> r.volume().equals(oldVolume)
                && r.reason() == CacheGcResult.Reason.AGE));
            assertTrue(podman.volumes().exists(oldVolume), "a dry run removes nothing");

            CacheGcResult byAge = caches.gc(Duration.ofDays(30), 0, false);
            assertTrue(byAge.caches().stream().anyMatch(r -> r.volume().equals(oldVolume)), byAge.toString());
            assertFalse(podman.volumes().exists(oldVolume));
            assertTrue(podman.volumes().exists(smallVolume) && podman.volumes().exists(bigVolume));

            long total = caches.list().stream().mapToLong(CacheInfo::sizeBytes).sum();
            long bigSize = cache(bigVolume).sizeBytes();
            assertTrue(bigSize >= 3_000_000, "sizes come from Podman: " + bigSize);
            // A limit that only the least recently used of the two can satisfy.
            CacheGcResult bySize = caches.gc(Duration.ZERO, total - 50_000, false);
            assertTrue(bySize.caches().stream().anyMatch(r -> r.volume().equals(smallVolume)
                && r.reason() == CacheGcResult.Reason.SIZE), bySize.toString());
            assertFalse(podman.volumes().exists(smallVolume));
            assertTrue(podman.volumes().exists(bigVolume), "the most recently used stays");
            assertTrue(podman.volumes().exists(unlabelled), "an unlabelled volume is never touched");
        } finally {
            podman.volumes().remove(unlabelled, true);
        }
    }

    private void makeLastUsed(String volume, Instant when) throws IOException {
        Path sidecar = state.resolve("cache").resolve(volume + ".json");
        String json = Files.readString(sidecar);
        String stamp = dev.mino.core.internal.state.Timestamps.formatZulu(when);
        Files.writeString(sidecar, json.replaceAll("\"last_used_at\" : \"[^\"]+\"", "\"last_used_at\" : \"" + stamp + "\""));
    }

    @Test
    void aHomeVolumeKeepsFilesPerProject() {
        Path first = folder("mino-it-project");
        Path second = folder("mino-it-project");
        try (Sandbox sb = builder(first).home(true).user("developer").command("sh", "-c", "echo mine > /home/developer/persist.txt")
            .start()) {
            assertEquals(0, sb.awaitExit(WAIT));
        }
        try (Sandbox sb = builder(first).home(true).user("developer").command("cat", "/home/developer/persist.txt").start()) {
            assertEquals(0, sb.awaitExit(WAIT));
            assertEquals("mine\n", sb.logs().stdout());
        }
        try (Sandbox sb = builder(second).home(true).user("developer").command("sh", "-c", "cat /home/developer/persist.txt || echo absent")
            .start()) {
            sb.awaitExit(WAIT);
            assertEquals("absent\n", sb.logs().stdout());
        }
        assertEquals(2, Caches.at(state).engine(TestPodman.address().uri()).homeVolumes().stream()
            .filter(h -> h.project().equals(first) || h.project().equals(second)).count());
        assertTrue(podman.volumes().list(new Filters().label("io.mino.home", "true")).stream()
            .allMatch(v -> "true".equals(v.labels().get("dev.mino.managed"))));
    }
}
