package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.RootfulPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code status} says which kind of engine is in use, how sandboxes are mapped and whether limits
 * hold; {@code run} takes the limit options and the rootful opt-in. Against the real rootless
 * and rootful services.
 */
@RequiresPodman
@Timeout(240)
class RootfulEngineCliIT {
    private static final String PROBE = "head -n 1 /proc/self/uid_map; cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
        + " /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/pids/pids.max";

    private Path home;
    private Path project;

    @BeforeEach
    void folders() {
        home = TestDirectories.create("mino-rootful-cli-home");
        project = TestDirectories.create("mino-rootful-cli-project");
    }

    @AfterEach
    void cleanUp() {
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    private Launcher mino(String engine) {
        return new Launcher(home, project).env("CONTAINER_HOST", engine);
    }

    private static List<String> words(String text) {
        return text.lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void statusTellsTheEngineKindTheMappingAndWhetherLimitsHold() {
        Launcher.Result rootful = mino(RootfulPodman.requireAddress()).run("status");
        assertEquals(0, rootful.exitCode(), rootful.toString());
        assertTrue(rootful.stdout().contains("[OK] Rootful engine"), rootful.toString());
        assertTrue(rootful.stdout().contains("user namespace of its own"), rootful.toString());
        assertTrue(rootful.stdout().contains("limits enforced"), rootful.toString());

        Launcher.Result rootless = mino(TestPodman.address().uri()).run("status");
        assertTrue(rootless.stdout().contains("[OK] Rootless mode"), rootless.toString());
        assertTrue(rootless.stdout().contains("limits are not enforced"), rootless.toString());
    }

    @Test
    void runOnARootfulEngineMapsNoHostUidAndAppliesTheLimitOptions() {
        Launcher.Result run = mino(RootfulPodman.requireAddress()).run("run", "--image", TestPodman.BUSYBOX_IMAGE,
            "--no-github", "--no-ssh-agent", "--no-home", "--network", "none", "--memory", "96m", "--cpus", "0.5",
            "--pids-limit", "100", "--", "sh", "-c", PROBE);
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = words(run.stdout());
        String[] map = lines.get(0).split(" ");
        assertEquals("0", map[0], run.toString());
        assertTrue(Long.parseLong(map[1]) >= 65536, "uid 0 is host uid " + map[1]);
        assertEquals(List.of(Long.toString(96L << 20), "50000", "100"), lines.subList(1, 4), run.toString());

        Launcher.Result optedIn = mino(RootfulPodman.requireAddress()).run("run", "--image", TestPodman.BUSYBOX_IMAGE,
            "--no-github", "--no-ssh-agent", "--no-home", "--network", "none", "--allow-rootful-engine", "--",
            "head", "-n", "1", "/proc/self/uid_map");
        assertEquals(0, optedIn.exitCode(), optedIn.toString());
        assertEquals(List.of("0 0 4294967295"), words(optedIn.stdout()), "positive control: " + optedIn);
    }

    /**
     * The library's refusal names no flag (it says {@code allowRootfulEngine(true)}); {@code mino}
     * names its own flag in the hint, by the refusal's code.
     */
    @Test
    void anEngineWithoutSubordinateIdsIsRefusedWithAHintNamingTheCliFlag() {
        Launcher.Result run = mino(RootfulPodman.requireAddressWithoutIds()).run("run", "--image",
            TestPodman.BUSYBOX_IMAGE, "--no-github", "--no-ssh-agent", "--no-home", "--network", "none", "--", "true");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("no free subordinate ids for the user 'containers'"), run.toString());
        assertTrue(run.stderr().contains("Hint: as root, add 'containers:2147483647:2147483648' to /etc/subuid"),
            run.toString());
        assertTrue(run.stderr().contains("accept host uids with --allow-rootful-engine (allowRootfulEngine(true))"),
            run.toString());
    }

    @Test
    void badLimitsAreUsageErrorsBeforeAnythingRuns() {
        Launcher.Result small = mino(TestPodman.address().uri()).run("run", "--image", TestPodman.BUSYBOX_IMAGE,
            "--memory", "1m", "--", "true");
        assertEquals(1, small.exitCode(), small.toString());
        assertTrue(small.stderr().contains("below the minimum of 64 MiB"), small.toString());
        Launcher.Result cpus = mino(TestPodman.address().uri()).run("run", "--image", TestPodman.BUSYBOX_IMAGE,
            "--cpus", "many", "--", "true");
        assertTrue(cpus.stderr().contains("CPU count 'many' is not valid"), cpus.toString());
    }
}
