package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.core.CacheInfo;
import dev.mino.core.Caches;
import dev.mino.core.internal.podman.ImagesApi;
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
 * The options of {@code run} for layers, network, caches and credentials, through the launcher
 * against the real Podman.
 */
@RequiresPodman
class RunOptionsIT {
    private static final String BUSYBOX = TestPodman.BUSYBOX_IMAGE;
    private static final String DEBIAN = TestPodman.DEBIAN_IMAGE;

    private Path home;
    private Path project;
    private Launcher mino;

    @BeforeEach
    void folders() {
        home = TestDirectories.create("mino-run-it-home");
        project = TestDirectories.create("mino-run-it-project");
        // A fake token: GitHub injection is on by default, and this one is never sent anywhere.
        mino = new Launcher(home, project).env("GH_TOKEN", "gho_test-token-" + UUID.randomUUID());
    }

    @AfterEach
    void cleanUp() {
        TestDirectories.delete(home);
        TestDirectories.delete(project);
    }

    @Test
    void projectLayersAreBuiltWithVisibleStepsOnlyWhenTrusted() throws Exception {
        String layer = "it-layer-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(project.resolve(".mino/layers/" + layer));
        Files.writeString(dir.resolve("layer.toml"), "[layer]\nname = \"" + layer + "\"\ndescription = \"it\"\n"
            + "version = \"1\"\n");
        Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\necho " + marker + " > /layer-marker\n");
        Launcher.Result untrusted = mino.run("run", "--base-image", BUSYBOX, "--layers", layer, "--", "true");
        assertEquals(1, untrusted.exitCode(), untrusted.toString());
        assertTrue(untrusted.stderr().startsWith("Error: Layer '" + layer + "' not found"), untrusted.toString());

        try {
            Launcher.Result built = mino.run("--trust-local", "run", "--base-image", BUSYBOX, "--layers", layer,
                "--", "cat", "/layer-marker");
            assertEquals(0, built.exitCode(), built.toString());
            assertEquals(marker + "\n", built.stdout(), "stdout holds the command's output only");
            assertTrue(built.stderr().contains("\n  STEP 1/"), "build steps shown on stderr: " + built);
            assertTrue(built.stderr().lines().anyMatch(l -> l.startsWith("Building mino-composed-")), built.toString());

            Launcher.Result fromEnv = new Launcher(home, project).env("MINO_LAYERS", layer).env("MINO_TRUST_LOCAL",
                "true").run("run", "--base-image", BUSYBOX, "--no-github", "--", "cat", "/layer-marker");
            assertEquals(0, fromEnv.exitCode(), fromEnv.toString());
            assertEquals(marker + "\n", fromEnv.stdout());
            assertFalse(fromEnv.stderr().contains("STEP"), "the image is reused: " + fromEnv);

            Launcher.Result image = new Launcher(home, project).env("MINO_LAYERS", layer).run("run", "--image",
                BUSYBOX, "--no-github", "--", "sh", "-c", "test -e /layer-marker || echo plain");
            assertEquals("plain\n", image.stdout(), "--image beats MINO_LAYERS: " + image);
        } finally {
            removeComposedImages(layer);
        }
    }

    static void removeComposedImages(String layer) {
        try (PodmanClient podman = TestPodman.newClient()) {
            for (ImagesApi.ImageSummary image : podman.images().list(null)) {
                if (layer.equals(image.labels().get("dev.mino.layers"))) {
                    podman.images().remove(image.id(), true);
                }
            }
        }
    }

    @Test
    void networkOptionsReachTheSandboxWithTheirWarnings() {
        Launcher.Result none = mino.run("run", "--image", BUSYBOX, "--network", "none", "--", "sh", "-c",
            "ls /sys/class/net");
        assertEquals(0, none.exitCode(), none.toString());
        assertEquals("lo\n", none.stdout(), "no network but loopback: " + none);

        Launcher.Result allow = mino.run("run", "--image", BUSYBOX, "--firewall-image", DEBIAN, "--network", "host",
            "--network-allow", "192.0.2.1:443", "--", "echo", "behind-the-firewall");
        assertEquals(0, allow.exitCode(), allow.toString());
        assertEquals("behind-the-firewall\n", allow.stdout());
        assertTrue(allow.stderr().contains("--network host overridden to bridge because --network-allow was specified"),
            allow.toString());

        Launcher.Result conflict = mino.run("run", "--image", BUSYBOX, "--network", "none", "--network-allow",
            "192.0.2.1:443", "--", "true");
        assertEquals(1, conflict.exitCode(), conflict.toString());
        assertTrue(conflict.stderr().startsWith("Error: Network policy conflict: Cannot combine --network none with "
            + "--network-allow."), conflict.toString());
        assertTrue(conflict.stderr().contains("\nHint: "), conflict.toString());

        Launcher.Result usage = mino.run("run", "--image", BUSYBOX, "--network-preset", "dev", "--network-allow",
            "192.0.2.1:443", "--", "true");
        assertEquals(2, usage.exitCode(), usage.toString());
    }

    @Test
    void cachesAreMountedUnlessTurnedOff() throws Exception {
        Files.writeString(project.resolve("package-lock.json"), "{\"name\": \"" + UUID.randomUUID() + "\"}\n");
        Launcher.Result cached = mino.run("run", "--image", BUSYBOX, "--", "sh", "-c",
            "echo $npm_config_cache; test -d /cache/npm && echo mounted");
        try {
            assertEquals(0, cached.exitCode(), cached.toString());
            assertEquals("/cache/npm\nmounted\n", cached.stdout());
            Launcher.Result uncached = mino.run("run", "--image", BUSYBOX, "--no-cache", "--", "sh", "-c",
                "echo \"[$npm_config_cache]\"; test -d /cache/npm || echo absent");
            assertEquals("[]\nabsent\n", uncached.stdout(), uncached.toString());
        } finally {
            removeCaches(mino, project);
        }
    }

    /** Removes this project's cache volumes only: other tests share the Podman service. */
    static void removeCaches(Launcher mino, Path project) {
        try (PodmanClient podman = TestPodman.newClient()) {
            for (CacheInfo cache : Caches.at(mino.stateDirectory()).engine(TestPodman.address().uri())
                .forProject(project)) {
                podman.volumes().remove(cache.volume(), true);
            }
        }
    }

    @Test
    void gitHubTokenIsInjectedUnlessTurnedOffAndCloudFailuresWarnOrStop() {
        String check = "test -n \"$GH_TOKEN\" && echo has-token || echo no-token";
        Launcher.Result withToken = mino.run("run", "--image", BUSYBOX, "--", "sh", "-c", check);
        assertEquals(0, withToken.exitCode(), withToken.toString());
        assertEquals("has-token\n", withToken.stdout());
        Launcher.Result without = mino.run("run", "--image", BUSYBOX, "--no-github", "--", "sh", "-c", check);
        assertEquals("no-token\n", without.stdout(), without.toString());

        // No AWS credentials exist here, so minting fails: a warning, or with --strict-credentials an error.
        Launcher.Result lenient = mino.env("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString())
            .env("AWS_CONFIG_FILE", home.resolve("none").toString())
            .run("run", "--image", BUSYBOX, "--aws", "--no-github", "--", "echo", "ran");
        assertEquals(0, lenient.exitCode(), lenient.toString());
        assertEquals("ran\n", lenient.stdout());
        assertTrue(lenient.stderr().toLowerCase().contains("aws"), lenient.toString());
        Launcher.Result strict = mino.run("run", "--image", BUSYBOX, "--aws", "--no-github", "--strict-credentials",
            "--", "echo", "ran");
        assertEquals(1, strict.exitCode(), strict.toString());
        assertTrue(strict.stderr().startsWith("Error: Credential loading failed for: aws"), strict.toString());
        assertEquals("", strict.stdout());
    }

    @Test
    void credentialPlaceholdersKeepTheTokenOutAndNeedAnAllowlist() {
        String token = "gho_real-token-" + UUID.randomUUID();
        Launcher.Result open = mino.env("GH_TOKEN", token).run("run", "--image", DEBIAN, "--credential-placeholders",
            "--", "true");
        assertEquals(1, open.exitCode(), open.toString());
        assertTrue(open.stderr().contains("need an allowlist network"), open.toString());

        Launcher.Result plan = mino.env("GH_TOKEN", token).run("run", "--dry-run", "--image", DEBIAN,
            "--firewall-image", DEBIAN, "--network-allow", "api.github.com:443", "--credential-placeholders",
            "--", "gh", "pr", "list");
        assertEquals(0, plan.exitCode(), plan.toString());
        assertTrue(plan.stdout().contains("\"SSL_CERT_FILE\"") && plan.stdout().contains("/run/mino-trust/mino-ca.pem"),
            plan.stdout());
        assertTrue(plan.stdout().contains("/run/mino-proxy"), "the firewall mounts the proxy's folder: " + plan.stdout());
        assertFalse(plan.stdout().contains(token));

        // The control: without the flag, the same dry run plans no proxy and no trust files.
        Launcher.Result plain = mino.env("GH_TOKEN", token).run("run", "--dry-run", "--image", DEBIAN,
            "--firewall-image", DEBIAN, "--network-allow", "api.github.com:443", "--", "gh", "pr", "list");
        assertEquals(0, plain.exitCode(), plain.toString());
        assertFalse(plain.stdout().contains("SSL_CERT_FILE") || plain.stdout().contains("/run/mino-trust"),
            plain.stdout());
    }
}
