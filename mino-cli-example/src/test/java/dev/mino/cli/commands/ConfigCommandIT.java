package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.Cli;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config commands and what configuration does to {@code run} (through its dry run, which reads
 * the engine as a start does, so these run against Podman). Every test names its own global file
 * with {@code -c}, so tests do not see each other's settings.
 */
@RequiresPodman
class ConfigCommandIT {
    private static final String IMAGE = "localhost/mino-test-busybox:latest";

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli().cwd(dir).env("CONTAINER_HOST", TestPodman.address().uri());
    }

    private String global() {
        return dir.resolve("global.toml").toString();
    }

    @Test
    void pathIsTheGlobalFileInEffect() {
        Cli.Result defaults = cli().run("config", "path");
        assertEquals(0, defaults.exitCode(), defaults.stderr());
        assertEquals(Cli.configDirectory().resolve("config.toml") + "\n", defaults.stdout());
        Cli.Result given = cli().run("-c", global(), "config", "path");
        assertEquals(global() + "\n", given.stdout(), "--config is honoured (SPEC 16 item 7)");
        Cli.Result after = cli().run("config", "path", "--config", "relative.toml");
        assertEquals(dir.resolve("relative.toml") + "\n", after.stdout(), "relative to the current directory");
    }

    @Test
    void showPrintsTheEffectiveConfiguration() {
        Cli.Result result = cli().run("-c", global(), "config", "show");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().startsWith("[general]\n"), result.stdout());
        assertTrue(result.stdout().contains("image = \"fedora:43\""), result.stdout());
        assertEquals(result.stdout(), cli().run("-c", global(), "config").stdout(), "config alone shows");
    }

    @Test
    void presetHostsAreSetShownAndCheckedThroughTheCommand() throws Exception {
        Cli.Result set = cli().run("-c", global(), "config", "set", "container.network_preset_hosts.registries",
            "mirror.example.internal:443");
        assertEquals(0, set.exitCode(), set.stderr());
        assertEquals("[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n",
            Files.readString(Path.of(global())));
        assertTrue(cli().run("-c", global(), "config", "show").stdout()
            .contains("[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n"));

        Cli.Result bad = cli().run("-c", global(), "config", "set", "container.network_preset_hosts.dev", "mirror");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.stderr().contains("container.network_preset_hosts.dev[0] = \"mirror\" is not a valid "
            + "destination: Invalid network rule 'mirror'. Expected format: host:port"), bad.stderr());
    }

    @Test
    void initWritesTheTemplateOnce() throws Exception {
        Cli.Result first = cli().run("-c", global(), "config", "init");
        assertEquals(0, first.exitCode(), first.stderr());
        assertTrue(first.stdout().contains("[OK] Configuration initialized (" + global() + ")"), first.stdout());
        String written = Files.readString(Path.of(global()));
        assertTrue(written.contains("[container]"));

        Files.writeString(Path.of(global()), "# mine\n");
        Cli.Result again = cli().run("-c", global(), "config", "init");
        assertEquals(0, again.exitCode(), "an existing file is a warning, not an error");
        assertTrue(again.stdout().contains("[WARN] Config already exists at " + global() + " - Use --force"),
            again.stdout());
        assertEquals("# mine\n", Files.readString(Path.of(global())));
        assertEquals(0, cli().run("-c", global(), "config", "init", "-f").exitCode());
        assertEquals(written, Files.readString(Path.of(global())));
    }

    @Test
    void setChangesOneKeyOfTheGlobalFileAndRunUsesIt() throws Exception {
        Files.writeString(Path.of(global()), "# my settings\n[session]\nshell = \"/bin/sh\"\n");
        Cli.Result set = cli().run("-c", global(), "config", "set", "container.image", IMAGE);
        assertEquals(0, set.exitCode(), set.stderr());
        assertTrue(set.stdout().contains("Set container.image = \"" + IMAGE + "\" in " + global()), set.stdout());
        String text = Files.readString(Path.of(global()));
        assertTrue(text.startsWith("# my settings\n[session]\nshell = \"/bin/sh\"\n"), "the rest is kept: " + text);

        Cli.Result run = cli().run("-c", global(), "run", "--dry-run", "--", "true");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(IMAGE, new ObjectMapper().readTree(run.stdout()).path("image").asText());
        Cli.Result flag = cli().run("-c", global(), "run", "--dry-run", "--image", "localhost/other:1", "--", "true");
        assertEquals("localhost/other:1", new ObjectMapper().readTree(flag.stdout()).path("image").asText(),
            "--image overrides the config");
    }

    @Test
    void setTypesTheValueAndRejectsUnknownKeys() throws Exception {
        Cli.Result bool = cli().run("-c", global(), "config", "set", "container.read_only", "yes");
        assertEquals(0, bool.exitCode(), bool.stderr());
        assertTrue(Files.readString(Path.of(global())).contains("read_only = true"));
        Cli.Result run = cli().run("-c", global(), "run", "--dry-run", "--image", IMAGE, "--", "true");
        assertTrue(new ObjectMapper().readTree(run.stdout()).path("read_only_filesystem").asBoolean());

        Cli.Result badValue = cli().run("-c", global(), "config", "set", "session.auto_cleanup_hours", "soon");
        assertEquals(1, badValue.exitCode());
        assertTrue(badValue.stderr().startsWith("Error: Invalid value for session.auto_cleanup_hours"),
            badValue.stderr());
        Cli.Result unknown = cli().run("-c", global(), "config", "set", "container.colour", "blue");
        assertEquals(1, unknown.exitCode(), "an unknown key is an error in every form (SPEC 16 item 7)");
        assertTrue(unknown.stderr().startsWith("Error: Unknown config key: container.colour\nHint: Valid keys:"),
            unknown.stderr());
    }

    @Test
    void unsetRemovesTheKey() throws Exception {
        cli().run("-c", global(), "config", "set", "container.image", IMAGE);
        Cli.Result unset = cli().run("-c", global(), "config", "unset", "container.image");
        assertEquals(0, unset.exitCode(), unset.stderr());
        assertFalse(Files.readString(Path.of(global())).contains("image"));
    }

    @Test
    void localSetWritesTheCurrentDirectorysFileAndKeepsItTrusted() throws Exception {
        Cli.Result set = cli().run("-c", global(), "config", "set", "--local", "container.image", IMAGE);
        assertEquals(0, set.exitCode(), set.stderr());
        assertTrue(Files.readString(dir.resolve(".mino.toml")).contains(IMAGE));
        Cli.Result run = cli().run("-c", global(), "run", "--dry-run", "--", "true");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(IMAGE, new ObjectMapper().readTree(run.stdout()).path("image").asText(),
            "a file mino wrote itself does not trip the trust gate (SPEC 16 item 8)");
    }

    @Test
    void untrustedLocalFileIsSkippedUnlessTrustedOrIgnored() throws Exception {
        Files.writeString(dir.resolve(".mino.toml"), "[container]\nimage = \"localhost/from-repo:1\"\n");
        Cli.Result skipped = cli().run("-c", global(), "config", "show");
        assertEquals(0, skipped.exitCode(), skipped.stderr());
        assertTrue(skipped.stdout().contains("image = \"fedora:43\""), skipped.stdout());
        assertTrue(skipped.stderr().contains("[WARN] Skipping untrusted local config"), skipped.stderr());

        Cli.Result trusted = cli().run("-c", global(), "--trust-local", "config", "show");
        assertTrue(trusted.stdout().contains("image = \"localhost/from-repo:1\""), trusted.stdout());

        Cli.Result ignored = cli().run("-c", global(), "--no-local", "config", "show");
        assertTrue(ignored.stdout().contains("image = \"fedora:43\""));
        assertFalse(ignored.stderr().contains("untrusted"), "--no-local does not even look: " + ignored.stderr());
    }

    @Test
    void aTerminalUserIsAskedAboutAnUntrustedLocalFile() throws Exception {
        Files.writeString(dir.resolve(".mino.toml"), "[container]\nimage = \"localhost/from-repo:1\"\n");
        Cli.Result declined = cli().terminal(true).stdin("n\n").run("-c", global(), "config", "show");
        assertTrue(declined.stderr().contains("Untrusted local config: " + dir.toRealPath().resolve(".mino.toml")),
            declined.stderr());
        assertTrue(declined.stderr().contains("container.image = \"localhost/from-repo:1\""), declined.stderr());
        assertTrue(declined.stderr().contains("Trust this config and continue? [y/N]"), declined.stderr());
        assertTrue(declined.stdout().contains("image = \"fedora:43\""), declined.stdout());

        Cli.Result accepted = cli().terminal(true).stdin("y\n").run("-c", global(), "config", "show");
        assertTrue(accepted.stdout().contains("image = \"localhost/from-repo:1\""), accepted.stdout());
        Cli.Result remembered = cli().run("-c", global(), "config", "show");
        assertTrue(remembered.stdout().contains("image = \"localhost/from-repo:1\""),
            "the decision is kept for these exact bytes: " + remembered.stderr());
    }

    @Test
    void theTrustPromptShowsEveryEntryAndValueWithControlAndBidiCharactersEscaped() throws Exception {
        // TOML escapes, so the file holds the raw characters: CSI (U+009B), right-to-left override
        // (U+202E), an OSC 52 clipboard write and a line separator.
        Files.writeString(dir.resolve(".mino.toml"), "[container]\n"
            + "volumes = [\"/a:/a\", \"/b:/b\", \"/c:/c\", \"/d:/d\", \"/e:/e\", \"/home/u/.ssh:/s:ro\"]\n"
            + "image = \"fedora\\u009B2K\\u202Eevil\\u2028:43\"\n"
            + "[container.env]\nPLAIN = \"visible-value\"\nCLIP = \"\\u001B]52;c;ZXZpbA==\\u0007\"\n");
        Cli.Result declined = cli().terminal(true).stdin("n\n").run("-c", global(), "config", "show");
        String err = declined.stderr();

        assertTrue(err.contains("container.volumes = [\"/a:/a\", \"/b:/b\", \"/c:/c\", \"/d:/d\", \"/e:/e\", "
            + "\"/home/u/.ssh:/s:ro\"]"), "the sixth volume is shown: " + err);
        assertTrue(err.contains("container.env = { PLAIN = \"visible-value\", CLIP = \"\\u001B]52;c;ZXZpbA==\\u0007\" }"),
            "names and values: " + err);
        assertTrue(err.contains("container.image = \"fedora\\u009B2K\\u202Eevil\\u2028:43\""), err);
        for (String raw : new String[] {"\u009B", "\u202E", "\u2028", "\u001B]52", "\u0007"}) {
            assertFalse(err.contains(raw), "no raw U+" + Integer.toHexString(raw.charAt(0)) + " reaches the terminal");
        }
        assertTrue(declined.stdout().contains("image = \"fedora:43\""), "declined: " + declined.stdout());
    }

    @Test
    void aLocalFileLinkedToAnotherFoldersTrustedFileIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(other.resolve(".mino.toml"), "[container]\nimage = \"localhost/other:1\"\n");
        Cli.Result trusted = new Cli().cwd(other).terminal(true).stdin("y\n").run("-c", global(), "config", "show");
        assertTrue(trusted.stdout().contains("image = \"localhost/other:1\""), "trusted in its own folder: " + trusted);
        Files.createSymbolicLink(project.resolve(".mino.toml"), Path.of("../other/.mino.toml"));

        Cli.Result linked = new Cli().cwd(project).run("-c", global(), "config", "show");

        assertEquals(1, linked.exitCode(), linked.stderr());
        assertTrue(linked.stderr().startsWith("Error: Refusing local config " + project.toRealPath().resolve(".mino.toml")
            + ": it is a symbolic link to ../other/.mino.toml\nHint: "), linked.stderr());
        assertTrue(new Cli().cwd(other).run("-c", global(), "config", "show").stdout()
            .contains("image = \"localhost/other:1\""), "the folder's own file is still trusted");
    }

    @Test
    void aBrokenConfigFileIsAnErrorNamingIt() throws Exception {
        Files.writeString(Path.of(global()), "[container\nimage = 1\n");
        Cli.Result result = cli().run("-c", global(), "run", "--dry-run", "--image", IMAGE, "--", "true");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().startsWith("Error: ") && result.stderr().contains(global()), result.stderr());
    }
}
