package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ErrorCodes;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.WarningCodes;
import dev.mino.core.testing.FlagFreeText;
import dev.mino.network.NetworkCodes;
import dev.mino.network.RegistryHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's messages name its builder methods and configuration keys, never a command line's
 * flags (issue #17): an IDE embedding it must not tell its user to pass {@code --trust-local}. Each
 * case makes the condition happen through the public API and checks its code first (the positive
 * control), then the texts. The CLI's own wording of the same codes is tested in the CLI module
 * ({@code CliTextsTest}).
 */
class NoCommandLineFlagTest {
    private static final String SENSITIVE = "[container]\nimage = \"evil:latest\"\n";

    @TempDir
    Path temp;
    private ConfigTestSupport files;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
        write(files.localFile(), SENSITIVE);
    }

    @Test
    void thePatternFindsAFlag() {
        assertTrue(FlagFreeText.FLAG.matcher("Use --network bridge with --network-allow").find());
        assertTrue(FlagFreeText.FLAG.matcher("sensitive fields (--trust-local)").find());
        assertFalse(FlagFreeText.FLAG.matcher("run 'aws configure' or gh auth").find());
    }

    @Test
    void theTrustGatesWarningsNameNoFlag() {
        assertWarning(MinoConfig.load(files.options().build()), WarningCodes.CONFIG_LOCAL_NOT_TRUSTED);
        assertWarning(MinoConfig.load(files.options().trustPrompt((file, fields) -> false).build()),
            WarningCodes.CONFIG_LOCAL_DECLINED);
        assertWarning(MinoConfig.load(files.options().trustLocal(true).build()), WarningCodes.CONFIG_LOCAL_FORCED);
    }

    private static void assertWarning(LoadedConfig loaded, String code) {
        assertEquals(List.of(code), loaded.codedWarnings().stream().map(MinoEvent.Warning::code).toList(),
            "positive control: the warning was given");
        assertEquals(loaded.warnings(), loaded.codedWarnings().stream().map(MinoEvent.Warning::message).toList());
        FlagFreeText.assertNamesNoFlag(loaded.warnings().toArray(String[]::new));
    }

    @Test
    void aLinkedLocalFileIsRefusedWithoutNamingAFlag() throws IOException {
        Files.delete(files.localFile());
        Path elsewhere = write(temp.resolve("elsewhere.toml"), "[container]\nread_only = true\n");
        Files.createSymbolicLink(files.localFile(), elsewhere);

        ConfigException loading = assertThrows(ConfigException.class, () -> MinoConfig.load(files.options().build()));
        ConfigException editing = assertThrows(ConfigException.class,
            () -> new ConfigEditor().writeTemplate(files.localFile(), true));

        for (ConfigException e : List.of(loading, editing)) {
            FlagFreeText.assertCodedAndFlagFree(ErrorCodes.CONFIG_LOCAL_LINK, e);
        }
    }

    @Test
    void theConfigTemplateNamesNoFlag() {
        String template = ConfigRenderer.defaultTemplate();
        assertTrue(template.contains("[credentials.aws]"), "positive control: the credentials are explained");
        template.lines().forEach(FlagFreeText::assertNamesNoFlag);
    }

    @Test
    void theNetworkSettingsFailuresNameNoFlag() {
        assertNetworkFailure(NetworkCodes.CONFIG_CONFLICT, network("none", List.of("a.example.internal:443"), null));
        assertNetworkFailure(NetworkCodes.CONFIG_CONFLICT, network("none", List.of(), "dev"));
        assertNetworkFailure(NetworkCodes.UNKNOWN_MODE, network("bridged", List.of(), null));
        assertNetworkFailure(NetworkCodes.UNKNOWN_PRESET, network("bridge", List.of(), "nope"));
        InvalidSpecException explicit = assertThrows(InvalidSpecException.class,
            () -> Sandbox.builder().networkPreset("nope"));
        FlagFreeText.assertCodedAndFlagFree(NetworkCodes.UNKNOWN_PRESET, explicit);
    }

    private void assertNetworkFailure(String code, MinoConfig config) {
        SandboxBuilder builder = Sandbox.builder().project(files.project).image("localhost/app:1")
            .networkRegistries(RegistryHosts.none()).config(config);
        FlagFreeText.assertCodedAndFlagFree(code, assertThrows(MinoException.class, builder::build));
    }

    private static MinoConfig network(String mode, List<String> allow, String preset) {
        MinoConfig.Container d = MinoConfig.defaults().container();
        return MinoConfig.defaults().withContainer(new MinoConfig.Container(d.image(), d.env(), d.volumes(), mode,
            d.workdir(), allow, Optional.ofNullable(preset), d.layers(), d.readOnly(), d.baseImage(), Map.of()));
    }
}
