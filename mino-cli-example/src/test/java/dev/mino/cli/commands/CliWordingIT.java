package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library names none of {@code mino}'s flags; {@code mino} still says mino 1.6.0's texts, which
 * name them (SPEC 2.3, 6.3), for the situations the library reports with a code: the whole command,
 * from the library's failure or warning to stderr.
 */
@RequiresPodman
class CliWordingIT {
    private static final String IMAGE = "localhost/mino-test-busybox:latest";

    @TempDir
    Path project;

    @TempDir
    Path configDir;

    private Cli cli() {
        return new Cli().cwd(project).env("CONTAINER_HOST", TestPodman.address().uri()).env("GH_TOKEN", "not-a-token");
    }

    private Path config(String toml) throws Exception {
        return Files.writeString(configDir.resolve("config-" + System.nanoTime() + ".toml"), toml);
    }

    @Test
    void aConfigNetworkConflictHasMino160sHint() throws Exception {
        Path file = config("[container]\nnetwork = \"none\"\nnetwork_preset = \"dev\"\n");
        Cli.Result result = cli().run("-c", file.toString(), "run", "--dry-run", "--image", IMAGE, "--", "true");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("Error: Network policy conflict: Config conflict: network = \"none\" with "
            + "network_preset. Presets require bridge networking.\n"), result.stderr());
        assertTrue(result.stderr().contains("\nHint: Use --network bridge with --network-allow, or --network none "
            + "without --network-allow.\n"), result.stderr());
    }

    @Test
    void anUnknownConfigPresetNamesTheAllowlistOption() throws Exception {
        Path file = config("[container]\nnetwork_preset = \"prod\"\n");
        Cli.Result result = cli().run("-c", file.toString(), "run", "--dry-run", "--image", IMAGE, "--", "true");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("Unknown network preset 'prod'"), result.stderr());
        assertTrue(result.stderr().contains("\nHint: Choose one of the available presets, or list the hosts yourself "
            + "with --network-allow.\n"), result.stderr());
    }

    @Test
    void theTrustGateSpeaksOfTheCliFlags() throws Exception {
        Files.writeString(project.resolve(".mino.toml"), "[container]\nimage = \"evil:latest\"\n");
        String file = project.toRealPath().resolve(".mino.toml").toString();

        Cli.Result skipped = cli().run("config", "show");
        assertTrue(skipped.stderr().contains("Skipping untrusted local config " + file + " (non-interactive, "
            + "sensitive fields: [container.image]) - Use --trust-local or MINO_TRUST_LOCAL=1 to trust"), skipped.stderr());

        Cli.Result forced = cli().run("--trust-local", "config", "show");
        assertTrue(forced.stderr().contains("Loading untrusted local config " + file
            + " with sensitive fields (--trust-local): [container.image]"), forced.stderr());
    }

    @Test
    void aLinkedLocalConfigIsRefusedWithTheNoLocalHint() throws Exception {
        Path elsewhere = config("[container]\nread_only = true\n");
        Files.createSymbolicLink(project.resolve(".mino.toml"), elsewhere);

        Cli.Result result = cli().run("config", "show");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("it is a symbolic link"), result.stderr());
        assertTrue(result.stderr().contains("\nHint: A folder's .mino.toml must be a file of its own, since trust is "
            + "given to a folder's own file: replace the link with a copy of the file, or use --no-local to ignore "
            + "it"), result.stderr());
    }
}
