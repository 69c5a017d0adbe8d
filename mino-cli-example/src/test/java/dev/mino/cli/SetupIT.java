package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mino setup} on this machine, against the test Podman and a temporary config directory.
 * Only the default-image step has anything to do here (the test Podman is set up already), and
 * it is the one that matters on a machine that reaches no registry: the local image is built
 * from the host's own packages (once; the root file system is cached under /var/cache/mino),
 * imported, and recorded in the config, after which {@code run} works without {@code --image}.
 */
@RequiresPodman
class SetupIT {
    private Path home;
    private Path project;
    private Launcher mino;

    @BeforeEach
    void folders() {
        home = TestDirectories.create("mino-setup-it-home");
        project = TestDirectories.create("mino-setup-it-project");
        mino = new Launcher(home, project).timeout(Duration.ofMinutes(15)).env("GH_TOKEN", null);
    }

    @AfterEach
    void cleanUp() {
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    @Test
    void checkOnlyReportsEveryStepAndChangesNothing() {
        Launcher.Result result = mino.run("setup", "--check");
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.stdout();
        assertTrue(out.startsWith("Mino Setup (check only)\n\nChecking prerequisites...\n"), result.toString());
        assertTrue(out.contains("[OK] Podman (podman version "), result.toString());
        assertTrue(out.contains("[OK] Subordinate ids ("), result.toString());
        assertTrue(out.contains("[OK] Podman service (" + TestPodman.address().uri() + ", Podman "), result.toString());
        assertTrue(out.contains(" Default image"), result.toString());
        assertFalse(Files.exists(mino.configDirectory().resolve("config.toml")), "check mode writes no config");
    }

    @Test
    void statusShowsCredentialsWithoutTheirValues() {
        String token = "gho_status-it-" + java.util.UUID.randomUUID();
        Launcher.Result status = mino.env("GH_TOKEN", token).env("SSH_AUTH_SOCK", null).run("status");
        assertEquals(0, status.exitCode(), status.toString());
        String out = status.stdout();
        assertTrue(out.contains("Credentials\n  [OK] AWS: available (--aws to use)\n  [OK] GCP: available (--gcp to use)"
            + "\n  [OK] Azure: available (--azure to use)\n  [OK] GitHub: token found for github.com"), status.toString());
        assertTrue(out.contains("[WARN] Not running: SSH_AUTH_SOCK not set."), status.toString());
        assertFalse(out.contains(token) || status.stderr().contains(token), "the token is never printed");
    }

    @Test
    void yesMakesTheDefaultImageWorkAndASecondRunIsQuick() throws Exception {
        Prerequisites.requireRoot("building the local image's root file system needs root");
        Prerequisites.require(OsRelease.read(Path.of("/etc/os-release")).debianLike(),
            "a Debian-like host: the local image is made with debootstrap");
        boolean hadImage;
        try (PodmanClient podman = TestPodman.newClient()) {
            hadImage = podman.images().exists(LocalImage.NAME);
        }
        try {
            Launcher.Result setup = mino.run("setup", "-y");
            assertEquals(0, setup.exitCode(), setup.toString());
            assertTrue(setup.stdout().contains("[OK] Setup complete!"), setup.toString());
            assertTrue(setup.stdout().contains("[OK] Default image (" + LocalImage.NAME + ", container.image)"),
                setup.toString());
            String config = Files.readString(mino.configDirectory().resolve("config.toml"));
            assertTrue(config.contains("image = \"" + LocalImage.NAME + "\""), config);

            Launcher.Result hello = mino.run("run", "--", "sh", "-c", "echo hello; grep -c ^developer: /etc/passwd");
            assertEquals(0, hello.exitCode(), hello.toString());
            assertEquals("hello\n1\n", hello.stdout(), "the local image, with its developer user: " + hello);

            Launcher.Result again = mino.run("setup", "-y");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.stdout().contains("[OK] Setup complete!"), again.toString());
            assertFalse(again.stdout().contains("auto-approved"), "nothing left to do: " + again);
            assertTrue(again.took().compareTo(Duration.ofSeconds(20)) < 0, "quick when nothing is left: " + again);
        } finally {
            if (!hadImage) {
                try (PodmanClient podman = TestPodman.newClient()) {
                    podman.images().remove(LocalImage.NAME, true);
                }
            }
        }
    }
}
