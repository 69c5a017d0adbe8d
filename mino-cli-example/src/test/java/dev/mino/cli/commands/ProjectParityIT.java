package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.Cli;
import dev.mino.core.Mino;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI is a thin layer: {@code mino run --dry-run} in a folder plans exactly what the library's
 * {@link Mino#project(Path)} plans for that folder, with the same environment and global config,
 * whatever the config, {@code MINO_LAYERS} and the credentials turn on. A plan reads the engine
 * (image defaults, the engine's kind), so this runs against Podman; the allowlist's firewall image is
 * the test image on both sides, as no firewall image is pinned in the test's state directory.
 */
@RequiresPodman
class ProjectParityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private JsonNode cliPlan(Map<String, String> env, Path project, Path config, String... options) throws Exception {
        Cli cli = new Cli().cwd(project);
        env.forEach(cli::env);
        List<String> args = new ArrayList<>(List.of("-c", config.toString(), "run", "--dry-run", "-n", "parity"));
        args.addAll(List.of("--firewall-image", TestPodman.DEBIAN_IMAGE));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "true"));
        Cli.Result result = cli.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        return JSON.readTree(result.stdout());
    }

    private JsonNode libraryPlan(Map<String, String> env, Path project, Path config,
                                 java.util.function.Consumer<dev.mino.core.SandboxBuilder> options) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("XDG_CONFIG_HOME", Cli.configDirectory().getParent().toString());
        all.put("XDG_STATE_HOME", Cli.configDirectory().getParent().getParent().resolve("state").toString());
        all.put("XDG_DATA_HOME", Cli.configDirectory().getParent().getParent().resolve("data").toString());
        try (Mino mino = Mino.builder().environment(all).configFile(config).build()) {
            dev.mino.core.SandboxBuilder builder = mino.project(project).name("parity").attach(true).tty(false)
                .askTrust(false).command("true")
                .firewallImage(TestPodman.DEBIAN_IMAGE);
            options.accept(builder);
            return JSON.readTree(builder.plan().toJson());
        }
    }

    private Path folder(String name) throws Exception {
        return Files.createDirectories(temp.resolve(name)).toRealPath();
    }

    @Test
    void aFoldersConfigurationPlansTheSameThroughTheCliAndTheLibrary() throws Exception {
        Path project = folder("project");
        Path home = folder("home");
        Files.writeString(home.resolve(".npmrc"), "registry=https://npm.user.example/\n");
        Files.writeString(project.resolve(".npmrc"), "registry=https://npm.evil.example/\n");
        Path config = temp.resolve("config.toml");
        Files.writeString(config, "[container]\nimage = \"localhost/cfg:1\"\nlayers = [\"rust\"]\n"
            + "network_preset = \"dev\"\nmemory = \"1g\"\n[container.env]\nFOO = \"bar\"\n"
            + "[credentials.gcp]\nenabled = true\n");
        Map<String, String> env = Map.of("CONTAINER_HOST", TestPodman.address().uri(), "GH_TOKEN", "not-a-token",
            "HOME", home.toString(), "MINO_LAYERS", "python");

        JsonNode cli = cliPlan(env, project, config);
        assertEquals(cli, libraryPlan(env, project, config, builder -> { }));
        assertTrue(cli.toString().contains("npm.user.example") && !cli.toString().contains("npm.evil.example"),
            "positive control: the plan holds the user's registry, never the project's: " + cli);

        JsonNode overridden = cliPlan(env, project, config, "--image", "localhost/other:2", "--aws", "--no-github",
            "--network", "bridge");
        assertEquals(overridden, libraryPlan(env, project, config, builder -> builder.image("localhost/other:2")
            .credentials("aws", true).credentials("github", false)
            .network(dev.mino.network.NetworkPolicy.bridge())));
        assertTrue(!overridden.equals(cli), "positive control: the options change the plan");
    }
}
