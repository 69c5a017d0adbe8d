package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.read;
import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code container.network_preset_hosts}: hosts a user adds to a preset (a corporate mirror), read,
 * checked with the allowlist's own destination parser, set with {@code config set}, shown, and
 * treated as security-sensitive in a project's file.
 */
class PresetHostsConfigTest {

    @TempDir
    Path temp;

    private ConfigTestSupport files;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
    }

    @Test
    void loadsHostsPerPresetFromBothFilesMergedByPreset() {
        write(files.globalFile(), "[container.network_preset_hosts]\n"
            + "registries = [\"mirror.example.internal:443\"]\ndev = [\"git.example.internal:22\"]\n");
        write(files.localFile(), "[container.network_preset_hosts]\ndev = [\"[2001:db8::7]:8443\"]\n");

        LoadedConfig loaded = MinoConfig.load(files.options().trustLocal(true).build());

        assertEquals(Map.of("registries", List.of("mirror.example.internal:443"), "dev", List.of("[2001:db8::7]:8443")),
            loaded.config().container().networkPresetHosts());
        assertTrue(loaded.isSet("container.network_preset_hosts"));
    }

    @Test
    void aMalformedDestinationNamesTheFileTheKeyTheEntryAndWhatIsExpected() {
        write(files.globalFile(), "[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\", "
            + "\"mirror.example.internal\"]\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile() + ": container.network_preset_hosts.registries[1]"
            + " = \"mirror.example.internal\" is not a valid destination: Invalid network rule "
            + "'mirror.example.internal'. Expected format: host:port", e.getMessage());
        assertEquals(Optional.of("container.network_preset_hosts.registries"), e.key());
        assertTrue(e.hint().contains("host:port, e.g. mirror.example.internal:443"), e.hint());
        assertTrue(e.hint().endsWith(" in " + files.globalFile()), e.hint());
    }

    @Test
    void aBadPortIsReportedWithTheParsersReason() {
        write(files.globalFile(), "[container.network_preset_hosts]\ndev = [\"mirror.example.internal:0\"]\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertTrue(e.getMessage().contains("container.network_preset_hosts.dev[0] = \"mirror.example.internal:0\""
            + " is not a valid destination: Port 0 is not valid"), e.getMessage());
    }

    @Test
    void anUnknownPresetIsAnErrorListingThePresets() {
        write(files.globalFile(), "[container.network_preset_hosts]\nprod = [\"mirror.example.internal:443\"]\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile()
            + ": container.network_preset_hosts.prod: there is no preset named \"prod\"", e.getMessage());
        assertTrue(e.hint().startsWith("Use one of the presets: dev, registries"), e.hint());
    }

    @Test
    void entriesMustBeArraysOfStrings() {
        write(files.globalFile(), "[container.network_preset_hosts]\ndev = [443]\n");
        assertEquals("Invalid configuration at " + files.globalFile()
                + ": container.network_preset_hosts.dev[0] must be a string, found integer 443",
            assertThrows(ConfigException.class, files::load).getMessage());

        write(files.globalFile(), "[container]\nnetwork_preset_hosts = [\"a.example.internal:1\"]\n");
        assertTrue(assertThrows(ConfigException.class, files::load).getMessage()
            .contains("container.network_preset_hosts must be a table of arrays of strings"));
    }

    @Test
    void theRecordChecksTooForCallersWhoBuildItThemselves() {
        MinoConfig.Container d = MinoConfig.defaults().container();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> new MinoConfig.Container(d.image(),
            d.env(), d.volumes(), d.network(), d.workdir(), d.networkAllow(), d.networkPreset(), d.layers(),
            d.readOnly(), d.baseImage(), Map.of("dev", List.of("nohost"))));
        assertTrue(e.getMessage().startsWith("container.network_preset_hosts.dev[0] = \"nohost\""), e.getMessage());
        assertEquals(Map.of(), d.networkPresetHosts());
    }

    @Test
    void configSetWritesOnePresetsHostsAndRejectsABadOne() {
        ConfigEditor editor = new ConfigEditor();
        write(files.globalFile(), "# my mirrors\n[container]\nimage = \"fedora:43\" # kept\n");

        editor.set(files.globalFile(), "container.network_preset_hosts.registries",
            "mirror.example.internal:443, [2001:db8::7]:8443");

        assertEquals("# my mirrors\n[container]\nimage = \"fedora:43\" # kept\n\n[container.network_preset_hosts]\n"
            + "registries = [\"mirror.example.internal:443\", \"[2001:db8::7]:8443\"]\n", read(files.globalFile()));
        assertEquals(List.of("mirror.example.internal:443", "[2001:db8::7]:8443"),
            files.load().config().container().networkPresetHosts().get("registries"));

        String before = read(files.globalFile());
        ConfigException bad = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "container.network_preset_hosts.dev", "mirror.example.internal:http"));
        assertTrue(bad.getMessage().contains("container.network_preset_hosts.dev[0] = \"mirror.example.internal:http\""
            + " is not a valid destination: Invalid port 'http'"), bad.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "container.network_preset_hosts.prod", "a.example.internal:1"));
        assertTrue(unknown.getMessage().contains("there is no preset named \"prod\""), unknown.getMessage());
        assertEquals(before, read(files.globalFile()), "a rejected value changes nothing");

        editor.unset(files.globalFile(), "container.network_preset_hosts.registries");
        assertEquals(Map.of(), files.load().config().container().networkPresetHosts());
    }

    @Test
    void configShowListsTheTableOnlyWhenSet() {
        assertFalse(MinoConfig.defaults().toToml().contains("network_preset_hosts"));
        write(files.globalFile(), "[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n");

        String shown = files.load().config().toToml();

        assertTrue(shown.contains("\n[container.network_preset_hosts]\nregistries = [\"mirror.example.internal:443\"]\n"),
            shown);
    }

    @Test
    void aProjectFileThatAddsHostsIsSecuritySensitive() throws Exception {
        write(files.localFile(), "[container.network_preset_hosts]\ndev = [\"exfil.example.internal:443\"]\n");

        LoadedConfig loaded = files.load();

        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, loaded.localStatus());
        assertEquals(List.of("container.network_preset_hosts"),
            loaded.sensitiveFields().stream().map(SensitiveField::name).toList());
        assertEquals(Map.of(), loaded.config().container().networkPresetHosts());
        assertTrue(Files.exists(files.localFile()));
    }

    @Test
    void keysWrittenWithTheirDefaultValueCountAsSet() {
        assertFalse(files.load().isSet("container.network"));
        write(files.globalFile(), "[container]\nnetwork = \"bridge\"\n[container.env]\nA = \"1\"\n");

        LoadedConfig loaded = files.load();

        assertEquals(MinoConfig.defaults().container().network(), loaded.config().container().network());
        assertTrue(loaded.isSet("container.network"));
        assertTrue(loaded.isSet("container.env"));
        assertFalse(loaded.isSet("container.network_preset"));
        assertFalse(loaded.isSet("container.image"));
    }
}
