package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.Cli;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code run} for images, layers, network, caches and credentials, through the dry
 * run: what the container request would be. A plan reads the engine as a start does (the firewall
 * image's id, the image's entrypoint for the credentials' wrapper), so these run against Podman.
 */
@RequiresPodman
class RunOptionsDryRunIT {
    /** A firewall image the test engine has (python3 and nft), named so that no pinned one is needed. */
    private static final String FIREWALL = TestPodman.DEBIAN_IMAGE;
    private static final String IMAGE = "localhost/mino-test-busybox:latest";
    private static final String BASE = "localhost/mino-test-base:1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    @TempDir
    Path configDir;

    private Cli cli() {
        return new Cli().cwd(project).env("CONTAINER_HOST", TestPodman.address().uri()).env("GH_TOKEN", "not-a-token");
    }

    private Cli.Result dryRun(Cli cli, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "--dry-run"));
        args.addAll(Arrays.asList(options));
        return cli.run(args.toArray(String[]::new));
    }

    /** The sandbox's create request (with an allowlist, the plan holds the firewall's too). */
    private static JsonNode sandbox(Cli.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode plan = JSON.readTree(result.stdout());
        return plan.has("sandbox") ? plan.path("sandbox") : plan;
    }

    private Path config(String toml) throws Exception {
        Path file = configDir.resolve("config-" + System.nanoTime() + ".toml");
        Files.writeString(file, toml);
        return file;
    }

    @Test
    void optionsThatExcludeEachOtherAreUsageErrors() {
        List<List<String>> cases = List.of(
            List.of("--layers", "rust", "--image", IMAGE),
            List.of("--network-allow", "github.com:443", "--network-preset", "dev"),
            List.of("--no-cache", "--cache-fresh"),
            List.of("--all-clouds", "--gcp"),
            List.of("--network-preset", "everything"));
        for (List<String> options : cases) {
            Cli.Result result = dryRun(cli(), options.toArray(String[]::new));
            assertEquals(2, result.exitCode(), options + ": " + result.stderr());
            assertTrue(result.stderr().startsWith("Error: "), options + ": " + result.stderr());
            assertEquals("", result.stdout());
        }
    }

    @Test
    void layersAreComposedOnTheBaseImage() throws Exception {
        JsonNode plan = sandbox(dryRun(cli(), "--base-image", BASE, "--layers", "python", "--", "true"));
        assertTrue(plan.path("image").asText().startsWith("mino-composed-"), plan.path("image").asText());
        assertTrue(plan.path("env").path("MINO_LAYER_MANIFEST").asText().contains("\"python\""),
            "the layer's user installs are passed on: " + plan.path("env"));
    }

    @Test
    void anImageAliasSelectsItsLayer() throws Exception {
        JsonNode plan = sandbox(dryRun(cli(), "--base-image", BASE, "--image", "py", "--", "true"));
        assertTrue(plan.path("image").asText().startsWith("mino-composed-"), plan.path("image").asText());
        JsonNode base = sandbox(dryRun(cli(), "--base-image", BASE, "--image", "base", "--", "true"));
        assertEquals(BASE, base.path("image").asText(), "base is the base image itself");
    }

    @Test
    void minoLayersCountsOnlyWithoutImageOrLayersOptions() throws Exception {
        Cli withEnv = cli().env("MINO_LAYERS", " python , ");
        JsonNode fromEnv = sandbox(dryRun(withEnv, "--base-image", BASE, "--", "true"));
        assertTrue(fromEnv.path("image").asText().startsWith("mino-composed-"), fromEnv.toString());
        JsonNode image = sandbox(dryRun(withEnv, "--image", IMAGE, "--", "true"));
        assertEquals(IMAGE, image.path("image").asText(), "--image beats MINO_LAYERS");
        JsonNode rust = sandbox(dryRun(withEnv, "--base-image", BASE, "--layers", "rust", "--", "true"));
        String manifest = rust.path("env").path("MINO_LAYER_MANIFEST").asText();
        assertTrue(manifest.contains("\"rust\"") && !manifest.contains("python"), "--layers beats MINO_LAYERS: "
            + manifest);
    }

    @Test
    void imageOptionBeatsConfigLayersAndMinoLayersBeatsConfigImage() throws Exception {
        Path file = config("[container]\nimage = \"" + IMAGE + "\"\nlayers = [\"python\"]\nbase_image = \"" + BASE
            + "\"\n");
        JsonNode fromConfig = sandbox(dryRun(cli(), "-c", file.toString(), "--", "true"));
        assertTrue(fromConfig.path("image").asText().startsWith("mino-composed-"), "config layers beat its image");
        JsonNode image = sandbox(dryRun(cli(), "-c", file.toString(), "--image", IMAGE, "--", "true"));
        assertEquals(IMAGE, image.path("image").asText());
        Path imageOnly = config("[container]\nimage = \"" + IMAGE + "\"\nbase_image = \"" + BASE + "\"\n");
        JsonNode env = sandbox(dryRun(cli().env("MINO_LAYERS", "python"), "-c", imageOnly.toString(), "--", "true"));
        assertTrue(env.path("image").asText().startsWith("mino-composed-"), "MINO_LAYERS beats container.image");
    }

    @Test
    void limitOptionsBeatTheConfigsLimits() throws Exception {
        Path file = config("[container]\nimage = \"" + IMAGE + "\"\nmemory = \"2g\"\ncpus = \"1.5\"\npids_limit = 500\n");
        JsonNode fromConfig = sandbox(dryRun(cli(), "-c", file.toString(), "--", "true")).path("resource_limits");
        assertEquals(2L << 30, fromConfig.path("memory").path("limit").asLong());
        assertEquals(150_000, fromConfig.path("cpu").path("quota").asLong());
        assertEquals(500, fromConfig.path("pids").path("limit").asLong());
        JsonNode options = sandbox(dryRun(cli(), "-c", file.toString(), "--memory", "512m", "--cpus", "0.5",
            "--pids-limit", "64", "--", "true")).path("resource_limits");
        assertEquals(512L << 20, options.path("memory").path("limit").asLong());
        assertEquals(50_000, options.path("cpu").path("quota").asLong());
        assertEquals(64, options.path("pids").path("limit").asLong());
        Cli.Result bad = dryRun(cli(), "--image", IMAGE, "--pids-limit", "3", "--", "true");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("pids limit 3 is out of range"), bad.stderr());
        Path badConfig = config("[container]\nmemory = \"lots\"\n");
        Cli.Result fromBadConfig = dryRun(cli(), "-c", badConfig.toString(), "--image", IMAGE, "--", "true");
        assertTrue(fromBadConfig.stderr().contains("container.memory: memory size 'lots' is not valid"),
            fromBadConfig.stderr());
    }

    @Test
    void networkModesAndAllowlists() throws Exception {
        JsonNode none = sandbox(dryRun(cli(), "--image", IMAGE, "--network", "none", "--", "true"));
        assertEquals("none", none.path("netns").path("nsmode").asText());

        Cli.Result allow = dryRun(cli(), "--image", IMAGE, "--network", "host", "--network-allow",
            "10.0.0.1:443,github.com:22", "--network-allow", "[::1]:8080", "--firewall-image", FIREWALL,
            "--", "true");
        assertEquals(0, allow.exitCode(), allow.stderr());
        assertTrue(allow.stderr().contains("--network host overridden to bridge because --network-allow was specified"),
            allow.stderr());
        JsonNode plan = JSON.readTree(allow.stdout());
        try (PodmanClient podman = TestPodman.newClient()) {
            assertEquals(podman.images().id(FIREWALL).orElseThrow(), plan.path("firewall").path("image").asText(),
                "the firewall runs from the id of the image named, as a start runs it");
        }
        String script = plan.path("firewall").path("command").toString();
        assertTrue(script.contains("10.0.0.1") && script.contains("github.com") && script.contains("::1"), script);
        assertEquals("container", plan.path("sandbox").path("netns").path("nsmode").asText());
    }

    @Test
    void networkConflictsAreErrorsWithTheHint() {
        Cli.Result result = dryRun(cli(), "--image", IMAGE, "--network", "none", "--network-preset", "dev");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().startsWith("Error: Network policy conflict: Cannot combine --network none with "
            + "--network-preset."), result.stderr());
        assertTrue(result.stderr().contains("\nHint: Use --network bridge with --network-allow"), result.stderr());
        Cli.Result unknown = dryRun(cli(), "--image", IMAGE, "--network", "wifi");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("Unknown network mode 'wifi' in CLI"), unknown.stderr());
        Cli.Result badRule = dryRun(cli(), "--image", IMAGE, "--network-allow", "github.com");
        assertEquals(1, badRule.exitCode());
        assertTrue(badRule.stderr().contains("Expected format: host:port"), badRule.stderr());
    }

    @Test
    void theCommandLineOverridesAConfigNetworkThatContradictsItself() throws Exception {
        Path file = config("[container]\nnetwork = \"none\"\nnetwork_allow = [\"github.com:443\"]\n");
        Cli.Result conflict = dryRun(cli(), "-c", file.toString(), "--image", IMAGE, "--", "true");
        assertEquals(1, conflict.exitCode());
        assertTrue(conflict.stderr().contains("Config conflict: network = \"none\" with network_allow"),
            conflict.stderr());
        JsonNode bridge = sandbox(dryRun(cli(), "-c", file.toString(), "--image", IMAGE, "--network", "bridge",
            "--", "true"));
        assertEquals("private", bridge.path("netns").path("nsmode").asText());
    }

    @Test
    void aConfigPresetIsAnAllowlist() throws Exception {
        Path file = config("[container]\nnetwork_preset = \"dev\"\n");
        Cli.Result result = dryRun(cli(), "-c", file.toString(), "--image", IMAGE, "--firewall-image", FIREWALL,
            "--", "true");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(JSON.readTree(result.stdout()).path("firewall").path("command").toString().contains("api.github.com"));
    }

    @Test
    void configHostsCompleteAPresetChosenByOptionOrByConfig() throws Exception {
        Path hosts = config("[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n");
        Cli.Result byOption = dryRun(cli(), "-c", hosts.toString(), "--image", IMAGE, "--network-preset", "registries",
            "--firewall-image", FIREWALL, "--", "true");
        assertEquals(0, byOption.exitCode(), byOption.stderr());
        assertTrue(JSON.readTree(byOption.stdout()).path("firewall").path("command").toString()
            .contains("mirror.example.internal"), byOption.stdout());

        Path preset = config("[container]\nnetwork_preset = \"registries\"\n"
            + "[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n");
        Cli.Result byConfig = dryRun(cli(), "-c", preset.toString(), "--image", IMAGE, "--firewall-image", FIREWALL,
            "--", "true");
        assertEquals(0, byConfig.exitCode(), byConfig.stderr());
        assertTrue(JSON.readTree(byConfig.stdout()).path("firewall").path("command").toString()
            .contains("mirror.example.internal"), byConfig.stdout());

        Path bad = config("[container.network_preset_hosts]\nregistries = [\"mirror.example.internal\"]\n");
        Cli.Result rejected = dryRun(cli(), "-c", bad.toString(), "--image", IMAGE, "--", "true");
        assertEquals(1, rejected.exitCode());
        assertTrue(rejected.stderr().contains("container.network_preset_hosts.registries[0] = "
            + "\"mirror.example.internal\" is not a valid destination"), rejected.stderr());
        assertTrue(rejected.stderr().contains("Hint: Write each entry as host:port"), rejected.stderr());
    }

    @Test
    void cachesCanBeTurnedOff() throws Exception {
        Files.writeString(project.resolve("package-lock.json"), "{\"lockfileVersion\": 3}\n");
        JsonNode cached = sandbox(dryRun(cli(), "--image", IMAGE, "--", "true"));
        assertTrue(cached.path("volumes").toString().contains("mino-cache-npm-"), cached.toString());
        assertEquals("/cache/npm", cached.path("env").path("npm_config_cache").asText());
        JsonNode uncached = sandbox(dryRun(cli(), "--image", IMAGE, "--no-cache", "--", "true"));
        assertFalse(uncached.toString().contains("mino-cache-"), uncached.toString());
        JsonNode fresh = sandbox(dryRun(cli(), "--image", IMAGE, "--cache-fresh", "--", "true"));
        assertTrue(fresh.path("volumes").toString().contains("mino-cache-npm-"));
    }

    @Test
    void homeVolumeFollowsTheImageUnlessTurnedOff() throws Exception {
        JsonNode home = sandbox(dryRun(cli(), "--base-image", BASE, "--layers", "python", "--", "true"));
        assertTrue(home.path("volumes").toString().contains("mino-home-"), "composed images get one: " + home);
        JsonNode noHome = sandbox(dryRun(cli(), "--base-image", BASE, "--layers", "python", "--no-home", "--",
            "true"));
        assertFalse(noHome.toString().contains("mino-home-"), noHome.toString());
    }

    @Test
    void projectLayersNeedTrust() throws Exception {
        Path layer = Files.createDirectories(project.resolve(".mino/layers/local-tools"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"local-tools\"\ndescription = \"x\"\n"
            + "version = \"1\"\n");
        Files.writeString(layer.resolve("install.sh"), "#!/bin/sh\ntrue\n");
        Cli.Result untrusted = dryRun(cli(), "--base-image", BASE, "--layers", "local-tools", "--", "true");
        assertEquals(1, untrusted.exitCode(), untrusted.stdout());
        assertTrue(untrusted.stderr().contains("Layer 'local-tools' not found"), untrusted.stderr());
        JsonNode trusted = sandbox(dryRun(cli(), "--trust-local", "--base-image", BASE, "--layers", "local-tools",
            "--", "true"));
        assertTrue(trusted.path("image").asText().startsWith("mino-composed-"), trusted.toString());
    }

    @Test
    void aMissingCloudSdkOrProviderIsAWarningOrWithStrictAnError() {
        // Every SDK is on this CLI's class path, so what is left to fail is a provider's own setting.
        Cli.Result lenient = dryRun(cli().env("AWS_EC2_METADATA_DISABLED", "true"), "--image", IMAGE, "--aws",
            "--", "true");
        assertEquals(0, lenient.exitCode(), lenient.stderr());
        Cli.Result noGithub = dryRun(cli(), "--image", IMAGE, "--no-github", "--no-ssh-agent", "--", "true");
        assertEquals(0, noGithub.exitCode(), noGithub.stderr());
        assertEquals("", noGithub.stderr(), "nothing to warn about");
    }
}
