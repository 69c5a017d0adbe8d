package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.config.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path temp;

    private ConfigTestSupport files;

    @BeforeEach
    void setUp() {
        files = new ConfigTestSupport(temp);
    }

    @Test
    void missingFilesGiveTheDefaults() {
        LoadedConfig loaded = files.load();

        assertEquals(MinoConfig.defaults(), loaded.config());
        assertEquals(files.globalFile(), loaded.globalFile());
        assertFalse(loaded.globalFileFound());
        assertEquals(LocalConfigStatus.NOT_FOUND, loaded.localStatus());
        assertEquals(List.of(), loaded.filesUsed());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void partialFilesKeepTheOtherDefaults() {
        write(files.globalFile(), "[container]\nimage = \"ubuntu:24.04\"\n[cache]\ngc_days = 7\n");

        LoadedConfig loaded = files.load();

        MinoConfig expected = MinoConfig.defaults()
            .withContainer(new MinoConfig.Container("ubuntu:24.04", Map.of(), List.of(), "bridge", "/workspace",
                List.of(), Optional.empty(), List.of(), false, MinoConfig.DEFAULT_BASE_IMAGE))
            .withCache(new MinoConfig.Cache(true, 7, 50));
        assertEquals(expected, loaded.config());
        assertTrue(loaded.globalFileFound());
        assertEquals(List.of(files.globalFile()), loaded.filesUsed());
    }

    @Test
    void invalidTomlNamesTheFileAndTheParserMessage() {
        write(files.globalFile(), "[container\nimage = 1\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertTrue(e.getMessage().startsWith("Invalid configuration at " + files.globalFile() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertFalse(e.hint().isEmpty());
        assertEquals(Optional.of(files.globalFile()), e.file());
    }

    @Test
    void invalidUtf8IsAnInvalidConfiguration() throws IOException {
        Files.createDirectories(files.configDir);
        Files.write(files.globalFile(), new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xff, '"', '\n'});

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile() + ": the file is not valid UTF-8", e.getMessage());
    }

    @Test
    void unreadableGlobalFileIsAnIoError() throws IOException {
        Files.createDirectories(files.globalFile());

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("IO error: reading config from " + files.globalFile(), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheFileTheKeyTheTypeAndTheValue() {
        Path local = write(files.localFile(), "[container]\nread_only = \"yes\"\n");

        // Only a true read_only loads without trust; anything else is left out unless trusted.
        ConfigException e = assertThrows(ConfigException.class,
            () -> MinoConfig.load(files.options().trustLocal(true).build()));

        assertEquals("Invalid configuration at " + realPath(local)
            + ": container.read_only must be a boolean, found string \"yes\"", e.getMessage());
        assertEquals(Optional.of("container.read_only"), e.key());
        assertEquals(Optional.of(realPath(local)), e.file());
    }

    @Test
    void aPathWithTerminalControlsIsQuotedEscapedInTheMessage() {
        // A cloned repository chooses the name of a directory the config is found in.
        ConfigTestSupport hostile = new ConfigTestSupport(temp.resolve("repo\u001b]0;pwned\u0007\u202e\u009b2J"));
        Path local = write(hostile.localFile(), "[container]\nread_only = \"yes\\u001b[2J\"\n");

        ConfigException e = assertThrows(ConfigException.class,
            () -> MinoConfig.load(hostile.options().trustLocal(true).build()));

        String escapedDir = realPath(temp) + "/repo\\u001B]0;pwned\\u0007\\u202E\\u009B2J";
        assertEquals("Invalid configuration at " + escapedDir + "/project/.mino.toml"
            + ": container.read_only must be a boolean, found string \"yes\\u001B[2J\"", e.getMessage());
        assertEquals(Optional.of(realPath(local)), e.file(), "the file itself is the real path");
        ConfigException plain = new ConfigException("Invalid configuration at /home/me/p/.mino.toml: x \\ y", "fix it");
        assertEquals("Invalid configuration at /home/me/p/.mino.toml: x \\ y", plain.getMessage(),
            "ordinary text, backslashes included, is unchanged");
        assertEquals("run \\u001B", new ConfigException("m", "run \u001b").hint(), "the hint is escaped too");
    }

    static Stream<ConfigSchema.Key> schemaKeys() {
        return ConfigSchema.keys().stream();
    }

    @ParameterizedTest
    @MethodSource("schemaKeys")
    void everyKeyRejectsAWrongTypeNamingFileAndKey(ConfigSchema.Key key) {
        String wrong = switch (key.type()) {
            case BOOLEAN -> "\"yes\"";
            case STRING, OPTIONAL_STRING -> "true";
            case U32 -> "-1";
            case STRING_LIST -> "\"a,b\"";
            case STRING_MAP, STRING_LIST_MAP -> "[\"A=1\"]";
        };
        List<String> path = key.path();
        write(files.globalFile(), "[" + String.join(".", path.subList(0, path.size() - 1)) + "]\n"
            + path.get(path.size() - 1) + " = " + wrong + "\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile() + ": " + key.name() + " must be "
            + key.type().expected() + ", found " + kindOf(wrong) + " " + wrong, e.getMessage());
    }

    private static String kindOf(String literal) {
        if (literal.startsWith("\"")) {
            return "string";
        }
        if (literal.startsWith("[")) {
            return "array";
        }
        return literal.equals("true") ? "boolean" : "integer";
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "4294967296", "\"30\"", "1e3"})
    void u32RejectsNegativesFractionsOverflowAndStrings(String value) {
        write(files.globalFile(), "[cache]\ngc_days = " + value + "\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertTrue(e.getMessage().contains("cache.gc_days must be a whole number from 0 to 4294967295, found "),
            e.getMessage());
    }

    @Test
    void u32AcceptsItsWholeRange() {
        write(files.globalFile(), "[cache]\ngc_days = 0\nmax_total_gb = 4294967295\n");

        MinoConfig config = files.load().config();

        assertEquals(0, config.cache().gcDays());
        assertEquals(4294967295L, config.cache().maxTotalGb());
    }

    @Test
    void arrayItemOfWrongTypeNamesItsIndex() {
        write(files.globalFile(), "[container]\nvolumes = [\"/a:/a\", 5]\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile()
            + ": container.volumes[1] must be a string, found integer 5", e.getMessage());
    }

    @Test
    void envValueOfWrongTypeNamesTheVariable() {
        write(files.globalFile(), "[container.env]\nFOO = 1\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile()
            + ": container.env.FOO must be a string, found integer 1", e.getMessage());
    }

    @Test
    void sectionThatIsNotATableIsATypeError() {
        write(files.globalFile(), "container = \"x\"\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile()
            + ": container must be a table, found string \"x\"", e.getMessage());
    }

    @Test
    void dateTimeIsNotAString() {
        write(files.globalFile(), "[vm]\nname = 1979-05-27\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + files.globalFile()
            + ": vm.name must be a string, found datetime 1979-05-27", e.getMessage());
    }

    @Test
    void unknownKeysAreIgnoredButReported() {
        write(files.globalFile(), "[container]\nimagee = \"x\"\n[container.env]\nANYTHING = \"ok\"\n"
            + "[credentials.aws]\nrol_arn = \"x\"\n[session]\ndefault_project_dir = \"/p\"\n[extra]\na = 1\n");

        LoadedConfig loaded = files.load();

        assertEquals(MinoConfig.defaults().withContainer(new MinoConfig.Container("fedora:43",
            Map.of("ANYTHING", "ok"), List.of(), "bridge", "/workspace", List.of(), Optional.empty(), List.of(), false,
            MinoConfig.DEFAULT_BASE_IMAGE)), loaded.config());
        Path g = files.globalFile();
        assertEquals(List.of(
            "Unknown config key container.imagee in " + g,
            "Unknown config key credentials.aws.rol_arn in " + g,
            "Unknown config key session.default_project_dir in " + g,
            "Unknown config key extra in " + g), loaded.warnings());
    }

    // ---- merge ----

    @Test
    void localTablesMergeKeyByKeyOverGlobalOnes() {
        write(files.globalFile(), "[session]\nshell = \"/bin/zsh\"\nauto_cleanup_hours = 1\n"
            + "[container.env]\nA = \"global\"\nB = \"global\"\n");
        write(files.localFile(), "[session]\nshell = \"/bin/fish\"\n[container.env]\nB = \"local\"\nC = \"local\"\n");

        LoadedConfig loaded = MinoConfig.load(files.options().trustLocal(true).build());

        assertEquals(new MinoConfig.Session("/bin/fish", 1), loaded.config().session());
        assertEquals(Map.of("A", "global", "B", "local", "C", "local"), loaded.config().container().env());
        assertEquals(List.of(files.globalFile(), realPath(files.localFile())), loaded.filesUsed());
    }

    @Test
    void localArraysReplaceGlobalArrays() {
        write(files.globalFile(), "[container]\nvolumes = [\"/a:/a\", \"/b:/b\"]\nlayers = [\"rust\"]\n");
        write(files.localFile(), "[container]\nvolumes = [\"/c:/c\"]\n");

        MinoConfig config = MinoConfig.load(files.options().trustLocal(true).build()).config();

        assertEquals(List.of("/c:/c"), config.container().volumes());
        assertEquals(List.of("rust"), config.container().layers());
    }

    @Test
    void localScalarReplacesGlobalScalar() {
        write(files.globalFile(), "[cache]\nenabled = false\ngc_days = 9\n");
        write(files.localFile(), "[cache]\nenabled = true\n");

        MinoConfig config = MinoConfig.load(files.options().trustLocal(true).build()).config();

        assertEquals(new MinoConfig.Cache(true, 9, 50), config.cache());
    }

    @Test
    void aBadValueIsReportedAgainstTheFileItCameFrom() {
        write(files.globalFile(), "[cache]\ngc_days = \"soon\"\n");
        write(files.localFile(), "[home]\nenabled = false\n");

        ConfigException fromGlobal = assertThrows(ConfigException.class, files::load);
        assertEquals(Optional.of(files.globalFile()), fromGlobal.file());

        write(files.globalFile(), "[home]\nenabled = false\n");
        write(files.localFile(), "[home]\nenabled = \"on\"\n");
        ConfigException fromLocal = assertThrows(ConfigException.class,
            () -> MinoConfig.load(files.options().trustLocal(true).build()));
        assertEquals(Optional.of(realPath(files.localFile())), fromLocal.file());
        assertTrue(fromLocal.getMessage().startsWith("Invalid configuration at " + realPath(files.localFile())));
    }

    @Test
    void aLocalScalarReplacingAGlobalTableIsReportedAgainstTheLocalFile() {
        write(files.globalFile(), "[cache]\ngc_days = 9\n");
        write(files.localFile(), "cache = 5\n");

        ConfigException e = assertThrows(ConfigException.class, files::load);

        assertEquals("Invalid configuration at " + realPath(files.localFile())
            + ": cache must be a table, found integer 5", e.getMessage());
    }

    @Test
    void aLocalValueReplacingAGlobalBadValueHidesIt() {
        write(files.globalFile(), "[cache]\ngc_days = -3\n");
        write(files.localFile(), "[cache]\ngc_days = 3\n");

        assertEquals(3, files.load().config().cache().gcDays());
    }

    // ---- discovery ----

    @Test
    void localFileIsFoundFromANestedWorkingDirectory() throws IOException {
        Path local = write(files.project.resolve(".mino.toml"), "[session]\nshell = \"/bin/zsh\"\n");
        Path nested = Files.createDirectories(files.project.resolve("src/main/java"));

        LoadedConfig loaded = MinoConfig.load(files.options().workingDirectory(nested).build());

        assertEquals(Optional.of(realPath(local)), loaded.localFile());
        assertEquals(LocalConfigStatus.LOADED, loaded.localStatus());
        assertEquals("/bin/zsh", loaded.config().session().shell());
    }

    @Test
    void theNearestLocalFileWins() throws IOException {
        write(files.project.resolve(".mino.toml"), "[session]\nshell = \"/bin/outer\"\n");
        Path inner = write(files.project.resolve("sub/.mino.toml"), "[session]\nshell = \"/bin/inner\"\n");
        Path nested = Files.createDirectories(files.project.resolve("sub/deeper"));

        assertEquals(Optional.of(realPath(inner)), MinoConfig.findLocalFile(nested));
    }

    @Test
    void aDirectoryNamedLikeTheLocalFileIsSkipped() throws IOException {
        Path outer = write(files.project.resolve(".mino.toml"), "");
        Files.createDirectories(files.project.resolve("sub/.mino.toml"));

        assertEquals(Optional.of(realPath(outer)), MinoConfig.findLocalFile(files.project.resolve("sub")));
    }

    @Test
    void noLocalDisablesTheSearch() {
        write(files.localFile(), "[session]\nshell = \"/bin/zsh\"\n");

        LoadedConfig loaded = MinoConfig.load(files.options().noLocal(true).build());

        assertEquals(LocalConfigStatus.DISABLED, loaded.localStatus());
        assertEquals(Optional.empty(), loaded.localFile());
        assertEquals("/bin/bash", loaded.config().session().shell());
    }

    // ---- global file choice and environment ----

    @Test
    void minoConfigVariableChoosesTheGlobalFile() {
        Path other = write(temp.resolve("other.toml"), "[vm]\nname = \"other\"\n");

        LoadedConfig loaded = MinoConfig.load(files.options()
            .environment(Map.of("MINO_CONFIG", other.toString())).build());

        assertEquals(other, loaded.globalFile());
        assertEquals("other", loaded.config().vm().name());
    }

    @Test
    void explicitConfigFileWinsOverTheVariableAndResolvesAgainstTheWorkingDirectory() {
        write(files.project.resolve("explicit.toml"), "[vm]\nname = \"explicit\"\n");
        ConfigOptions options = files.options()
            .environment(Map.of("MINO_CONFIG", temp.resolve("other.toml").toString()))
            .configFile(Path.of("explicit.toml"))
            .build();

        assertEquals(files.project.resolve("explicit.toml"), options.globalConfigFile());
        assertEquals(files.globalFile(), options.defaultGlobalConfigFile());
        assertEquals("explicit", MinoConfig.load(options).config().vm().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "True", "yes", "YES", "on", "On"})
    void trustLocalVariableAcceptsTrueSpellings(String value) {
        ConfigOptions options = files.options().environment(Map.of("MINO_TRUST_LOCAL", value)).build();

        assertTrue(options.trustLocal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "FALSE", "no", "No", "off", "OFF", ""})
    void trustLocalVariableAcceptsFalseSpellingsAndEmpty(String value) {
        ConfigOptions options = files.options().environment(Map.of("MINO_TRUST_LOCAL", value)).build();

        assertFalse(options.trustLocal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "y", " true"})
    void invalidBooleanVariableIsAnErrorNamingTheVariable(String value) {
        ConfigOptions options = files.options().environment(Map.of("MINO_TRUST_LOCAL", value)).build();

        ConfigException e = assertThrows(ConfigException.class, () -> MinoConfig.load(options));

        assertTrue(e.getMessage().contains("MINO_TRUST_LOCAL"), e.getMessage());
        assertEquals(Optional.of("MINO_TRUST_LOCAL"), e.key());
    }

    @Test
    void trustLocalFlagWinsOverTheVariable() {
        ConfigOptions options = files.options().trustLocal(true)
            .environment(Map.of("MINO_TRUST_LOCAL", "maybe")).build();

        assertTrue(options.trustLocal());
    }

    static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
