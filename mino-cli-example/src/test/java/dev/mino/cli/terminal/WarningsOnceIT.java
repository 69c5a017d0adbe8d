package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.cli.testing.Launcher;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The warnings that hold for the host rather than for one run (no GitHub token; a rootless cgroup
 * v1 engine that ignores limits) are said by {@code mino run} once a day, every time with
 * {@code -v}, and always by {@code mino status}.
 */
@RequiresPodman
@Timeout(400)
class WarningsOnceIT {
    private static final String NO_TOKEN = "No GitHub token";
    private static final String LIMITS = "limits are not enforced";
    private Path home;
    private Path project;
    private Launcher mino;

    @BeforeEach
    void setUp() {
        try (PodmanClient podman = TestPodman.newClient()) {
            JsonNode host = podman.info().path("host");
            Prerequisites.require("v1".equals(host.path("cgroupVersion").asText())
                && host.path("security").path("rootless").asBoolean(), "a rootless engine on cgroup v1");
        }
        home = TestDirectories.create("mino-cli-it-home");
        project = TestDirectories.create("mino-cli-it-project");
        // No token anywhere: no variables, no hosts.yml under the test's config home, no gh on the PATH.
        mino = new Launcher(home, project).env("GH_TOKEN", null).env("GITHUB_TOKEN", null)
            .env("GH_ENTERPRISE_TOKEN", null).env("PATH", "/usr/bin:/bin");
    }

    @AfterEach
    void tearDown() {
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private Launcher.Result runTrue(String... rootOptions) {
        String[] args = new String[rootOptions.length + 5];
        System.arraycopy(rootOptions, 0, args, 0, rootOptions.length);
        System.arraycopy(new String[] {"run", "--image", TestPodman.BUSYBOX_IMAGE, "--", "true"}, 0, args,
            rootOptions.length, 5);
        Launcher.Result result = mino.run(args);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    @Test
    void aRunSaysEachHostWarningOnceADayVerboseEveryTimeAndStatusAlways() throws Exception {
        // gh in /usr/bin or /bin could know a token; the test needs a host with none.
        Prerequisites.require(!Files.exists(Path.of("/usr/bin/gh")) && !Files.exists(Path.of("/bin/gh")),
            "no GitHub CLI in /usr/bin or /bin");
        Launcher.Result first = runTrue();
        // Once each: not also as a log line.
        assertEquals(1, count(first.stderr(), NO_TOKEN), first.toString());
        assertEquals(1, count(first.stderr(), LIMITS), first.toString());
        String diary = Files.readString(mino.stateDirectory().resolve("warnings-shown.properties"));
        assertTrue(diary.contains("engine.limits-not-enforced=") && diary.contains("credentials.github.no-token="),
            diary);

        Launcher.Result second = runTrue();
        assertFalse(second.stderr().contains(NO_TOKEN), second.toString());
        assertFalse(second.stderr().contains(LIMITS), second.toString());

        for (int i = 0; i < 2; i++) {
            Launcher.Result verbose = runTrue("-v");
            assertEquals(1, count(verbose.stderr(), NO_TOKEN), verbose.toString());
            assertEquals(1, count(verbose.stderr(), LIMITS), verbose.toString());
        }

        Launcher.Result status = mino.run("status");
        String said = status.stdout() + status.stderr();
        assertTrue(said.contains("Resource limits not enforced"), status.toString());
        assertTrue(said.contains("GitHub: " + NO_TOKEN), status.toString());

        // Forgotten (a day passed, or the diary was deleted): said again.
        Files.delete(mino.stateDirectory().resolve("warnings-shown.properties"));
        Launcher.Result again = runTrue();
        assertEquals(1, count(again.stderr(), NO_TOKEN), again.toString());
        assertEquals(1, count(again.stderr(), LIMITS), again.toString());
    }
}
