package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.testing.Launcher;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mino cache} against the real Podman. The service is shared with other tests, so nothing
 * here clears every cache: destructive commands run only where they touch this test's volume.
 */
@RequiresPodman
class CacheCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private Path project;
    private Launcher mino;
    private String volume;

    @BeforeEach
    void folders() {
        home = TestDirectories.create("mino-cache-it-home");
        project = TestDirectories.create("mino-cache-it-project");
        mino = new Launcher(home, project);
    }

    @AfterEach
    void cleanUp() {
        if (Files.isDirectory(project)) {
            RunOptionsIT.removeCaches(mino, project);
        }
        if (volume != null) {
            try (PodmanClient podman = TestPodman.newClient()) {
                podman.volumes().remove(volume, true);
            }
        }
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    private static JsonNode cache(JsonNode list, String name) {
        for (JsonNode c : list.path("caches")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aProjectsCacheIsListedExplainedKeptOnAbortAndCollectedOnceOrphaned() throws Exception {
        Files.writeString(project.resolve("Cargo.lock"), "# " + UUID.randomUUID() + "\n");
        Launcher.Result info = mino.run("cache", "info", "-p", project.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.stdout().contains("Project Cache Info"), info.toString());
        assertTrue(info.stdout().contains("cargo: miss (will create mino-cache-cargo-"), info.toString());

        Launcher.Result run = mino.run("run", "--image", TestPodman.BUSYBOX_IMAGE, "--no-github", "--", "true");
        assertEquals(0, run.exitCode(), run.toString());

        Launcher.Result json = mino.run("cache", "list", "-f", "json");
        assertEquals(0, json.exitCode(), json.toString());
        volume = mino.run("cache", "info").stdout().lines().filter(l -> l.contains("mino-cache-cargo-"))
            .map(l -> l.replaceAll(".*(mino-cache-cargo-[0-9a-f]{12}-[0-9a-f]{12}).*", "$1")).findFirst().orElseThrow();
        JsonNode mine = cache(JSON.readTree(json.stdout()), volume);
        assertTrue(mine != null, volume + " listed: " + json.stdout());
        assertEquals("complete", mine.path("state").asText(), "a run that exits with 0 completes its caches");
        assertEquals(project.toRealPath().toString(), mine.path("projects").path(0).asText());

        Launcher.Result table = mino.run("cache", "list");
        assertTrue(table.stdout().contains("Cache Volumes") && table.stdout().lines().anyMatch(
            l -> l.startsWith(volume) && l.contains("cargo") && l.contains("complete")), table.toString());
        assertTrue(mino.run("cache", "list", "-f", "plain").stdout().lines().anyMatch(volume::equals));

        Launcher.Result aborted = mino.run("cache", "clear", "--volumes");
        assertEquals(0, aborted.exitCode(), aborted.toString());
        assertTrue(aborted.stdout().contains("[WARN] Aborted."), "no terminal and no -y: " + aborted);
        assertTrue(volumeExists(volume), "nothing was removed");

        TestDirectories.delete(project);
        mino = new Launcher(home, home);
        Launcher.Result dryRun = mino.run("cache", "gc", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertTrue(dryRun.stdout().contains(volume + " - orphaned"), dryRun.toString());
        assertTrue(volumeExists(volume), "a dry run removes nothing");

        Launcher.Result gc = mino.run("cache", "gc");
        assertEquals(0, gc.exitCode(), gc.toString());
        assertTrue(gc.stdout().contains(volume + " - orphaned"), gc.toString());
        assertTrue(gc.stdout().contains("[OK] Removed "), gc.toString());
        assertFalse(volumeExists(volume), "gc removed it");
    }

    private static boolean volumeExists(String name) {
        try (PodmanClient podman = TestPodman.newClient()) {
            return podman.volumes().exists(name);
        }
    }

    @Test
    void clearNeedsToKnowWhat() {
        Launcher.Result result = mino.run("cache", "clear");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().startsWith("Error: one of '--volumes', '--images', '--home' or '--all' is required"),
            result.toString());
    }
}
