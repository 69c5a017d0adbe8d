package dev.mino.cli.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.images.LocalImage;
import dev.mino.cli.testing.Launcher;
import dev.mino.core.FirewallImage;
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
 * Only the image steps have anything to do here (the test Podman is set up already), and they
 * are the ones that matter on a machine that reaches no registry: the local image is built from
 * the host's own packages (once; the root file system is cached under /var/cache/mino),
 * imported, and recorded in the config, after which {@code run} works without {@code --image};
 * mino's firewall image is built from it (nftables and python3 from the distribution's mirror)
 * and pinned.
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
        assertTrue(out.contains(" Firewall image"), result.toString());
        assertFalse(Files.exists(mino.configDirectory().resolve("config.toml")), "check mode writes no config");
        assertFalse(Files.exists(mino.stateDirectory().resolve("firewall-image.json")), "nor a firewall image");
    }

    /**
     * Without mino's firewall image, allowlists cannot run: status says so and how to fix it, and
     * a setup that leaves it missing (nobody at the terminal to approve the build, or nothing to
     * build it from) exits non-zero, naming it.
     */
    @Test
    void aMissingFirewallImageIsReportedAndFailsTheSetup() throws Exception {
        // The default image step holds (an image the engine has), so the firewall step is reached.
        Files.createDirectories(mino.configDirectory());
        Files.writeString(mino.configDirectory().resolve("config.toml"),
            "[container]\nimage = \"" + TestPodman.DEBIAN_IMAGE + "\"\n");

        Launcher.Result status = mino.env("SSH_AUTH_SOCK", null).run("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.stdout().contains("Firewall image\n  [WARN] Not available for allowlists: an allowlist "
            + "needs mino's firewall image, and none is pinned for the engine at " + TestPodman.address().uri()),
            status.toString());
        assertTrue(status.stdout().matches("(?s).*needs mino's firewall image[^\n]* - Run: \\S*mino setup\n.*"),
            status.toString());
        // The storage driver, and how to get a fast one when it is vfs (#16).
        String driver;
        try (dev.mino.core.internal.podman.PodmanClient podman = TestPodman.newClient()) {
            driver = podman.info().path("store").path("graphDriverName").asText();
        }
        assertTrue(driver.equals("vfs")
            ? status.stdout().contains("[WARN] Storage driver vfs is slow - the vfs storage driver copies each image")
                && status.stdout().contains("fuse-overlayfs")
            : status.stdout().contains("  Storage: " + driver + "\n"), driver + ": " + status);

        Launcher.Result setup = mino.run("setup");
        assertEquals(1, setup.exitCode(), "incomplete: " + setup);
        assertTrue(setup.stdout().contains("[OK] Default image (" + TestPodman.DEBIAN_IMAGE), setup.toString());
        assertTrue(setup.stdout().contains("Firewall image: " + FirewallImage.REFERENCE + " (for allowlists) is not "
            + "built"), setup.toString());
        assertTrue(setup.stdout().contains("Setup incomplete"), setup.toString());
        assertFalse(Files.exists(mino.stateDirectory().resolve("firewall-image.json")), "nothing was built");

        Launcher.Result check = mino.run("setup", "--check");
        assertEquals(0, check.exitCode(), "--check only reports: " + check);
    }

    @Test
    void statusShowsCredentialsWithoutTheirValues() {
        String token = "gho_status-it-" + java.util.UUID.randomUUID();
        Launcher.Result status = mino.env("GH_TOKEN", token).env("SSH_AUTH_SOCK", null).run("status");
        assertEquals(0, status.exitCode(), status.toString());
        String out = status.stdout();
        // Nothing of the clouds' is set up here: their SDKs are there, their credentials are not.
        assertTrue(out.contains("Credentials\n  [WARN] AWS: SDK present; no credentials found - Run: aws configure\n"),
            status.toString());
        assertTrue(out.contains("\n  [WARN] GCP: SDK present; no credentials found - Run: gcloud auth "
            + "application-default login\n"), status.toString());
        assertTrue(out.contains("\n  [WARN] Azure: SDK present; no credentials found - Run: az login\n"),
            status.toString());
        assertTrue(out.contains("\n  [OK] GitHub: token found for github.com"), status.toString());
        assertTrue(out.contains("[WARN] Not running: SSH_AUTH_SOCK not set."), status.toString());
        assertFalse(out.contains(token) || status.stderr().contains(token), "the token is never printed");
    }

    @Test
    void yesMakesTheDefaultImageWorkAndASecondRunIsQuick() throws Exception {
        Prerequisites.requireRoot("building the local image's root file system needs root");
        Prerequisites.require(OsRelease.read(Path.of("/etc/os-release")).debianLike(),
            "a Debian-like host: the local image is made with debootstrap");
        boolean hadImage;
        String builtFirewall = null;
        try (PodmanClient podman = TestPodman.newClient()) {
            hadImage = podman.images().exists(LocalImage.NAME);
        }
        try {
            Launcher.Result setup = mino.run("setup", "-y");
            assertEquals(0, setup.exitCode(), setup.toString());
            assertTrue(setup.stdout().contains("[OK] Setup complete!"), setup.toString());
            assertTrue(setup.stdout().contains("[OK] Default image (" + LocalImage.NAME + ", container.image)"),
                setup.toString());
            FirewallImage.Pinned firewall = FirewallImage.at(mino.stateDirectory()).engine(TestPodman.address().uri())
                .requirePinned();
            builtFirewall = firewall.id();
            assertEquals(LocalImage.NAME, firewall.baseImage(), "built from the local image setup made");
            assertTrue(setup.stdout().contains("[OK] Firewall image (" + FirewallImage.REFERENCE + " ("
                + firewall.shortId() + "), for allowlists)"), setup.toString());
            Launcher.Result status = mino.env("SSH_AUTH_SOCK", null).run("status");
            assertTrue(status.stdout().contains("Firewall image\n  [OK] " + FirewallImage.REFERENCE + " ("
                + firewall.shortId() + ") (pinned, built from " + LocalImage.NAME + ")"), status.toString());
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
            assertTrue(again.stdout().contains("[OK] Firewall image (" + FirewallImage.REFERENCE + " ("),
                again.toString());
        } finally {
            if (builtFirewall != null) {
                try (PodmanClient podman = TestPodman.newClient()) {
                    podman.images().remove(builtFirewall, true);
                }
            }
            if (!hadImage) {
                try (PodmanClient podman = TestPodman.newClient()) {
                    podman.images().remove(LocalImage.NAME, true);
                }
            }
        }
    }
}
