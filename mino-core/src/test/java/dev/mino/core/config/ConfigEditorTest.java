package dev.mino.core.config;

import static dev.mino.core.config.ConfigLoaderTest.realPath;
import static dev.mino.core.config.ConfigTestSupport.read;
import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigEditorTest {

    @TempDir
    Path temp;

    private ConfigTestSupport files;
    private TrustStore store;
    private ConfigEditor editor;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
        store = TrustStore.inStateDirectory(files.stateDir);
        editor = new ConfigEditor(store);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "1,true", "on,true", "false,false", "No,false", "0,false", "OFF,false"})
    void setsBooleansFromEverySpelling(String text, String written) {
        ConfigEdit edit = editor.set(files.globalFile(), "container.read_only", text);

        assertEquals("[container]\nread_only = " + written + "\n", read(files.globalFile()));
        assertEquals(Optional.of(written), edit.value());
        assertTrue(edit.changed());
        assertEquals(Boolean.parseBoolean(written), files.load().config().container().readOnly());
    }

    @Test
    void setsWholeNumbers() {
        editor.set(files.globalFile(), "credentials.aws.session_duration_secs", "7200");
        editor.set(files.globalFile(), "cache.max_total_gb", " 0042 ");

        assertEquals("[credentials.aws]\nsession_duration_secs = 7200\n\n[cache]\nmax_total_gb = 42\n",
            read(files.globalFile()));
        MinoConfig config = files.load().config();
        assertEquals(7200, config.credentials().aws().sessionDurationSecs());
        assertEquals(42, config.cache().maxTotalGb());
    }

    @Test
    void setsArraysFromCommaSeparatedText() {
        editor.set(files.globalFile(), "container.network_allow", " github.com:443, ,npm.corp.example:443,");

        assertEquals("[container]\nnetwork_allow = [\"github.com:443\", \"npm.corp.example:443\"]\n",
            read(files.globalFile()));
        assertEquals(List.of("github.com:443", "npm.corp.example:443"),
            files.load().config().container().networkAllow());
    }

    @Test
    void setsStringsAsTheyAreWithEscaping() {
        editor.set(files.globalFile(), "session.shell", " /bin/my \"shell\"\\ ");

        assertEquals(" /bin/my \"shell\"\\ ", files.load().config().session().shell());
    }

    @Test
    void setsOptionalStringsAndEnvironmentVariables() {
        editor.set(files.globalFile(), "credentials.aws.external_id", "ext-1");
        editor.set(files.globalFile(), "container.env.EDITOR", "vim");
        editor.set(files.globalFile(), "container.env.my var", "x");

        MinoConfig config = files.load().config();
        assertEquals(Optional.of("ext-1"), config.credentials().aws().externalId());
        assertEquals(Map.of("EDITOR", "vim", "my var", "x"), config.container().env());
        assertTrue(read(files.globalFile()).contains("\"my var\" = \"x\"\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "4294967296", "99999999999999999999", "ten", ""})
    void badWholeNumbersNameTheKeyAndTheType(String value) {
        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "session.auto_cleanup_hours", value));

        assertTrue(e.getMessage().startsWith("Invalid value for session.auto_cleanup_hours: expected a whole number"
            + " from 0 to 4294967295, got "), e.getMessage());
        assertEquals(Optional.of("session.auto_cleanup_hours"), e.key());
        assertFalse(Files.exists(files.globalFile()));
    }

    @Test
    void badBooleanNamesTheKeyAndTheType() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "credentials.aws.enabled", "maybe"));

        assertEquals("Invalid value for credentials.aws.enabled: expected a boolean, got \"maybe\"", e.getMessage());
        assertEquals("Use true/false, 1/0, yes/no, on/off", e.hint());
    }

    @Test
    void unknownKeyIsAnErrorListingTheValidKeys() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "container.imagee", "x"));

        assertEquals("Unknown config key: container.imagee", e.getMessage());
        assertTrue(e.hint().startsWith("Valid keys: general.verbose, general.log_format, "), e.hint());
        assertTrue(e.hint().contains("container.env.<NAME>"), e.hint());
        assertTrue(e.hint().contains("home.enabled"), e.hint());
        assertFalse(Files.exists(files.globalFile()));
        assertThrows(ConfigException.class, () -> editor.set(files.globalFile(), "container.env", "x"));
        assertThrows(ConfigException.class, () -> editor.unset(files.globalFile(), "nope"));
    }

    @Test
    void everySchemaKeyIsSettable() {
        assertEquals(45, ConfigEditor.settableKeys().size());
        assertTrue(ConfigEditor.settableKeys().containsAll(List.of("general.update_check", "container.network_preset",
            "container.network_preset_hosts.<PRESET>",
            "container.layers", "container.read_only", "container.base_image", "container.volumes", "cache.gc_days",
            "container.memory", "container.cpus", "container.pids_limit", "container.allow_rootful_engine",
            "cache.max_total_gb", "cache.enabled", "home.enabled", "credentials.aws.external_id",
            "credentials.gcp.service_account", "credentials.github.host")));
    }

    @Test
    void commentsAndOtherKeysArePreserved() {
        String original = "# My settings\n"
            + "[general]\n"
            + "audit_log = true # keep this on\n"
            + "\n"
            + "[container]\n"
            + "# the image\n"
            + "image = \"fedora:43\"   # default\n"
            + "volumes = [\n"
            + "  \"/a:/a\", # first\n"
            + "  \"/b:/b\",\n"
            + "]\n"
            + "\n"
            + "[session]\n"
            + "shell = '/bin/zsh'\n";
        write(files.globalFile(), original);

        editor.set(files.globalFile(), "container.image", "ubuntu:24.04");
        editor.set(files.globalFile(), "container.read_only", "true");
        editor.set(files.globalFile(), "general.update_check", "no");
        editor.set(files.globalFile(), "home.enabled", "false");

        assertEquals("# My settings\n"
            + "[general]\n"
            + "audit_log = true # keep this on\n"
            + "update_check = false\n"
            + "\n"
            + "[container]\n"
            + "# the image\n"
            + "image = \"ubuntu:24.04\"   # default\n"
            + "volumes = [\n"
            + "  \"/a:/a\", # first\n"
            + "  \"/b:/b\",\n"
            + "]\n"
            + "read_only = true\n"
            + "\n"
            + "[session]\n"
            + "shell = '/bin/zsh'\n"
            + "\n"
            + "[home]\n"
            + "enabled = false\n", read(files.globalFile()));
    }

    @Test
    void replacesAMultiLineArrayInPlace() {
        write(files.globalFile(), "[container]\nvolumes = [\n  \"/a:/a\",\n  \"/b:/b\",\n] # mounts\nnetwork = \"none\"\n");

        editor.set(files.globalFile(), "container.volumes", "/c:/c");

        assertEquals("[container]\nvolumes = [\"/c:/c\"] # mounts\nnetwork = \"none\"\n", read(files.globalFile()));
    }

    @Test
    void onlyTheTargetFileChanges() {
        String global = "[container]\nimage = \"global:1\"\n[vm]\nname = \"g\"\n";
        write(files.globalFile(), global);
        Path local = write(files.localFile(), "[session]\nshell = \"/bin/zsh\"\n");

        editor.set(local, "cache.gc_days", "3");

        assertEquals(global, read(files.globalFile()));
        assertEquals("[session]\nshell = \"/bin/zsh\"\n\n[cache]\ngc_days = 3\n", read(local));

        editor.set(files.globalFile(), "vm.distro", "ubuntu");
        assertEquals("[session]\nshell = \"/bin/zsh\"\n\n[cache]\ngc_days = 3\n", read(local));
        assertEquals("[container]\nimage = \"global:1\"\n[vm]\nname = \"g\"\ndistro = \"ubuntu\"\n",
            read(files.globalFile()), "nothing from the local file is copied into the global one");
    }

    @Test
    void aLocalWriteStaysTrusted() {
        Path local = write(files.localFile(), "[container]\nimage = \"mine:1\"\n");
        store.trust(local, read(local).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        ConfigEdit edit = editor.set(local, "container.volumes", "/data:/data");

        assertTrue(edit.trustRecorded());
        LoadedConfig loaded = files.load();
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, loaded.localStatus());
        assertEquals(List.of("/data:/data"), loaded.config().container().volumes());
    }

    @Test
    void aNewLocalFileWithASensitiveKeyIsTrusted() {
        ConfigEdit edit = editor.set(files.localFile(), "container.image", "ubuntu:22.04");

        assertTrue(edit.trustRecorded());
        assertEquals(realPath(files.localFile()), edit.file());
        LoadedConfig loaded = files.load();
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, loaded.localStatus());
        assertEquals("ubuntu:22.04", loaded.config().container().image());
    }

    @Test
    void aLocalFileWithoutSensitiveKeysThatGainsOneIsTrusted() {
        Path local = write(files.localFile(), "[session]\nshell = \"/bin/zsh\"\n");

        assertTrue(editor.set(local, "vm.name", "other").trustRecorded());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, files.load().localStatus());
    }

    @Test
    void editingAnUntrustedLocalFileDoesNotApproveWhatWasAlreadyThere() {
        Path local = write(files.localFile(), "[container]\nvolumes = [\"/:/host\"]\n");

        ConfigEdit edit = editor.set(local, "container.read_only", "true");

        assertFalse(edit.trustRecorded());
        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, files.load().localStatus());
    }

    @Test
    void anEditorWithoutAStoreRecordsNothing() {
        ConfigEdit edit = new ConfigEditor().set(files.localFile(), "container.image", "x");

        assertFalse(edit.trustRecorded());
        assertEquals(LocalConfigStatus.SKIPPED_NON_INTERACTIVE, files.load().localStatus());
    }

    @Test
    void settingTheSameValueAgainChangesNothing() {
        editor.set(files.globalFile(), "cache.gc_days", "5");

        assertFalse(editor.set(files.globalFile(), "cache.gc_days", "5").changed());
    }

    @Test
    void unsetRemovesOnlyThatKey() {
        write(files.globalFile(), "[cache]\n# how long\ngc_days = 5 # days\nenabled = false\n");

        ConfigEdit edit = editor.unset(files.globalFile(), "cache.gc_days");

        assertTrue(edit.changed());
        assertEquals(Optional.empty(), edit.value());
        assertEquals("[cache]\n# how long\nenabled = false\n", read(files.globalFile()));
        assertFalse(editor.unset(files.globalFile(), "cache.gc_days").changed());
        assertFalse(editor.unset(temp.resolve("missing.toml"), "cache.gc_days").changed());
        assertFalse(Files.exists(temp.resolve("missing.toml")));
    }

    @Test
    void aNonTableOnTheWayIsAnError() {
        write(files.globalFile(), "container = \"x\"\n");

        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "container.image", "y"));

        assertEquals("Expected table at key: container", e.getMessage());
    }

    @Test
    void invalidExistingFileIsReportedAndLeftAlone() {
        write(files.globalFile(), "[cache\n");

        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "cache.gc_days", "1"));

        assertTrue(e.getMessage().startsWith("Invalid configuration at " + realPath(files.globalFile())));
        assertEquals("[cache\n", read(files.globalFile()));
    }

    @Test
    void keysInsideInlineTablesAreNotRewrittenBehindTheUsersBack() {
        String text = "[credentials]\naws = { enabled = true }\n";
        write(files.globalFile(), text);

        ConfigException e = assertThrows(ConfigException.class,
            () -> editor.set(files.globalFile(), "credentials.aws.region", "eu-west-1"));

        assertTrue(e.getMessage().startsWith("Cannot change credentials.aws.region in "), e.getMessage());
        assertEquals(text, read(files.globalFile()));
    }

    @Test
    void dottedKeysInATableGetASiblingWithTheSamePrefix() {
        write(files.globalFile(), "[credentials]\naws.enabled = true\n");

        editor.set(files.globalFile(), "credentials.aws.region", "eu-west-1");

        assertEquals("[credentials]\naws.enabled = true\naws.region = \"eu-west-1\"\n", read(files.globalFile()));
    }

    @Test
    void createsTheGlobalDirectory() {
        Path nested = temp.resolve("a/b/config.toml");

        editor.set(nested, "vm.name", "x");

        assertEquals("[vm]\nname = \"x\"\n", read(nested));
    }

    @Test
    void keepsASymbolicLinkAndWritesItsTarget() throws IOException {
        Path real = write(temp.resolve("dotfiles/config.toml"), "[vm]\nname = \"a\"\n");
        Path link = files.globalFile();
        Files.createDirectories(link.getParent());
        try {
            Files.createSymbolicLink(link, real);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }

        editor.set(link, "vm.name", "b");

        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[vm]\nname = \"b\"\n", read(real));
    }

    @Test
    void keepsCrlfLineBreaks() {
        write(files.globalFile(), "[vm]\r\nname = \"a\"\r\n");

        editor.set(files.globalFile(), "vm.distro", "arch");

        assertEquals("[vm]\r\nname = \"a\"\r\ndistro = \"arch\"\r\n", read(files.globalFile()));
    }

    @Test
    void writeTemplateRespectsExistingFiles() {
        assertTrue(editor.writeTemplate(files.globalFile(), false));
        assertEquals(ConfigRenderer.defaultTemplate(), read(files.globalFile()));

        write(files.globalFile(), "# mine\n");
        assertFalse(editor.writeTemplate(files.globalFile(), false));
        assertEquals("# mine\n", read(files.globalFile()));

        assertTrue(editor.writeTemplate(files.globalFile(), true));
        assertEquals(ConfigRenderer.defaultTemplate(), read(files.globalFile()));
    }

    @Test
    void aLocalTemplateIsTrusted() {
        write(files.localFile(), "[container]\nvolumes = [\"/:/host\"]\n");

        editor.writeTemplate(files.localFile(), true);

        LoadedConfig loaded = files.load();
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, loaded.localStatus());
        assertEquals(MinoConfig.defaults(), loaded.config());
    }
}
