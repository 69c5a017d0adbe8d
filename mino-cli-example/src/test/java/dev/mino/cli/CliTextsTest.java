package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mino.cli.terminal.Renderer;
import dev.mino.core.ErrorCodes;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.config.ConfigException;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.MinoConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library names no command-line flag; the CLI says the same situations with mino 1.6.0's texts
 * (SPEC 2.3, 6.3), naming its flags, by the library's codes. Each situation is made through the
 * library, as {@code mino} meets it.
 */
class CliTextsTest {
    private static final String SENSITIVE = "[container]\nimage = \"evil:latest\"\n";

    @TempDir
    Path temp;
    private Path project;

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(temp.resolve("project")).toRealPath();
        Files.writeString(project.resolve(".mino.toml"), SENSITIVE);
    }

    private ConfigOptions.Builder options() {
        return ConfigOptions.builder().environment(Map.of()).configDirectory(temp.resolve("config"))
            .stateDirectory(temp.resolve("state")).workingDirectory(project);
    }

    @Test
    void theTrustGatesWarningsAreMino160s() {
        String file = project.resolve(".mino.toml").toString();
        assertEquals(List.of("Skipping untrusted local config " + file + " (non-interactive, sensitive fields: "
            + "[container.image]) - Use --trust-local or MINO_TRUST_LOCAL=1 to trust"),
            CliTexts.configWarnings(MinoConfig.load(options().build())));
        assertEquals(List.of("Local config skipped - Use --no-local to always skip, or --trust-local to always trust"),
            CliTexts.configWarnings(MinoConfig.load(options().trustPrompt((f, fields) -> false).build())));
        assertEquals(List.of("Loading untrusted local config " + file
            + " with sensitive fields (--trust-local): [container.image]"),
            CliTexts.configWarnings(MinoConfig.load(options().trustLocal(true).build())));
    }

    @Test
    void aHostileFolderNameStaysEscapedInTheCliText() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("repo\u001b]0;pwned\u0007"));
        Files.writeString(folder.resolve(".mino.toml"), SENSITIVE);

        List<String> texts = CliTexts.configWarnings(MinoConfig.load(options().workingDirectory(folder).build()));

        assertEquals(1, texts.size());
        assertEquals(true, texts.get(0).contains("/repo\\u001B]0;pwned\\u0007/.mino.toml (non-interactive"),
            texts.get(0));
    }

    @Test
    void uncodedAndOtherWarningsAreShownAsTheLibrarySaysThem() throws IOException {
        Files.writeString(project.resolve(".mino.toml"), "unknown_key = 1\n");
        LoadedConfig loaded = MinoConfig.load(options().build());
        assertEquals(loaded.warnings(), CliTexts.configWarnings(loaded));
        assertEquals(1, loaded.warnings().size(), "positive control: " + loaded.warnings());
    }

    @Test
    void aLinkedLocalFileGetsMino160sHint() throws IOException {
        Files.delete(project.resolve(".mino.toml"));
        Files.createSymbolicLink(project.resolve(".mino.toml"), Files.writeString(temp.resolve("x.toml"), ""));

        ConfigException e = assertThrows(ConfigException.class, () -> MinoConfig.load(options().build()));

        assertEquals("A folder's .mino.toml must be a file of its own, since trust is given to a folder's own file: "
            + "replace the link with a copy of the file, or use --no-local to ignore it", CliTexts.hint(e));
    }

    @Test
    void aNetworkConflictOfTheConfigGetsMino160sHint() {
        MinoConfig.Container d = MinoConfig.defaults().container();
        MinoConfig config = MinoConfig.defaults().withContainer(new MinoConfig.Container(d.image(), d.env(),
            d.volumes(), "none", d.workdir(), List.of("a.example:443"), Optional.empty(), d.layers(), d.readOnly(),
            d.baseImage(), Map.of()));

        MinoException e = assertThrows(MinoException.class,
            () -> Sandbox.builder().project(project).image("localhost/app:1").config(config).build());

        assertEquals("Use --network bridge with --network-allow, or --network none without --network-allow.",
            CliTexts.hint(e));
        assertEquals("Network policy conflict: Config conflict: network = \"none\" with network_allow entries. "
            + "Allowlist rules require bridge networking.", e.getMessage());
    }

    @Test
    void anUnknownPresetGetsTheCliHint() {
        MinoException e = assertThrows(MinoException.class, () -> Sandbox.builder().networkPreset("prod"));
        assertEquals("Choose one of the available presets, or list the hosts yourself with --network-allow.",
            CliTexts.hint(e));
    }

    @Test
    void theFirewallAndRootfulHintsNameTheCliFlags() {
        assertEquals("use an image with python3 and nft that no layer built (mino's firewall image), through "
            + "firewallImage(...) or --firewall-image", hintOf(ErrorCodes.FIREWALL_IMAGE_COMPOSED));
        assertEquals("use mino's firewall image (it has python3 and nft), or an image with both (Debian: "
            + "python3-minimal and nftables) through firewallImage(...) or --firewall-image",
            hintOf(ErrorCodes.FIREWALL_IMAGE_MISSING_TOOL));
        assertEquals("the firewall image's nft must work in the sandbox's network namespace (Debian's nftables "
            + "package does); use such an image through firewallImage(...) or --firewall-image",
            hintOf(ErrorCodes.FIREWALL_RULES_NOT_IN_PLACE));
        assertEquals("run mino in a project folder, or use a rootless Podman, or accept host uids with "
            + "--allow-rootful-engine (allowRootfulEngine(true))", hintOf(ErrorCodes.ROOTFUL_PROJECT_NOT_HANDABLE));
        assertEquals("as root, add 'containers:2147483647:2147483648' to /etc/subuid and /etc/subgid ('mino setup -y' "
            + "does it) and restart the Podman service; or use a rootless Podman; or accept host uids with "
            + "--allow-rootful-engine (allowRootfulEngine(true))", hintOf(ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS));
        assertEquals("the library's", CliTexts.hint(new MinoException("m", "the library's")));
    }

    private static String hintOf(String code) {
        return CliTexts.hint(new MinoException("m", "the library's", null, code));
    }

    @Test
    void theErrorReportShowsTheCliHint() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ErrorReport.report(new MinoException("no ids", "the library's", null, ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS),
            new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false));
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(true, shown.contains("Hint: as root, add") && shown.contains("--allow-rootful-engine"), shown);
    }
}
