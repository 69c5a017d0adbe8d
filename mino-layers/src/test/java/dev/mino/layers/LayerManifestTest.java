package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerManifestTest {

    private static final String FULL = """
            [layer]
            name = "full"
            description = "Every field"
            version = "7"
            homepage = "ignored: unknown keys are fine"

            [env]
            B_VAR = "b"
            A_VAR = "a value"

            [env.path_prepend]
            dirs = ["/opt/full/bin", "/home/developer/.full/bin"]

            [cache]
            paths = ["/cache/full"]

            [root_install]
            packages = ["gcc-c++", "python3.12", "lib_x+y"]

            [user_install]
            runtime = "nvm"
            runtime_version = "22"
            npm_globals = ["pnpm", "@biomejs/biome"]
            cargo_tools = ["bacon"]
            uv_tools = ["ruff"]

            [unknown_table]
            whatever = 1
            """;

    @Test
    void parsesEveryTableAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("layer.toml");
        Files.writeString(file, FULL);

        LayerManifest m = LayerManifest.read(file);

        assertEquals(new LayerManifest.Info("full", "Every field", "7"), m.layer());
        assertEquals("full", m.name());
        assertEquals(Map.of("B_VAR", "b", "A_VAR", "a value"), m.env().vars());
        assertEquals(List.of("B_VAR", "A_VAR"), List.copyOf(m.env().vars().keySet()), "file order kept");
        assertEquals(List.of("/opt/full/bin", "/home/developer/.full/bin"), m.env().pathPrepend());
        assertEquals(List.of("/cache/full"), m.cache().paths());
        assertEquals(List.of("gcc-c++", "python3.12", "lib_x+y"), m.rootInstall().packages());
        LayerManifest.UserInstall u = m.userInstall();
        assertEquals(Optional.of("nvm"), u.runtime());
        assertEquals(Optional.of("22"), u.runtimeVersion());
        assertEquals(List.of("pnpm", "@biomejs/biome"), u.npmGlobals());
        assertEquals(List.of("bacon"), u.cargoTools());
        assertEquals(List.of("ruff"), u.uvTools());
        assertFalse(u.isEmpty());
    }

    @Test
    void leftOutTablesAreEmpty() {
        LayerManifest m = LayerManifest.parse("""
                [layer]
                name = "min"
                description = "d"
                version = "1"
                """, "min.toml");

        assertEquals(LayerManifest.Env.NONE, m.env());
        assertEquals(LayerManifest.Cache.NONE, m.cache());
        assertEquals(LayerManifest.RootInstall.NONE, m.rootInstall());
        assertEquals(LayerManifest.UserInstall.NONE, m.userInstall());
        assertTrue(m.userInstall().isEmpty());
    }

    @Test
    void runtimeVersionAloneIsStillEmptyUserInstall() {
        LayerManifest m = LayerManifest.parse(header() + "[user_install]\nruntime_version = \"22\"\n", "x.toml");
        assertTrue(m.userInstall().isEmpty());
        assertEquals(Optional.of("22"), m.userInstall().runtimeVersion());
    }

    @Test
    void emptyPathPrependTableMeansNoDirs() {
        LayerManifest m = LayerManifest.parse(header() + "[env.path_prepend]\n", "x.toml");
        assertEquals(List.of(), m.env().pathPrepend());
    }

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("no [layer]", "[env]\nA = \"b\"\n",
                        "missing required table [layer]"),
                Arguments.of("layer not a table", "layer = \"x\"\n",
                        "layer must be a table, found a string"),
                Arguments.of("no name", "[layer]\ndescription = \"d\"\nversion = \"1\"\n",
                        "layer.name is required (a string)"),
                Arguments.of("no description", "[layer]\nname = \"n\"\nversion = \"1\"\n",
                        "layer.description is required (a string)"),
                Arguments.of("no version", "[layer]\nname = \"n\"\ndescription = \"d\"\n",
                        "layer.version is required (a string)"),
                Arguments.of("version a number", "[layer]\nname = \"n\"\ndescription = \"d\"\nversion = 2\n",
                        "layer.version must be a string, found an integer"),
                Arguments.of("name with slash", "[layer]\nname = \"../x\"\ndescription = \"d\"\nversion = \"1\"\n",
                        "layer.name: Invalid layer name '../x': must not contain path separators or '..'"),
                Arguments.of("env integer", header() + "[env]\nPORT = 8080\n",
                        "env.PORT must be a string, found an integer"),
                Arguments.of("env bool", header() + "[env]\nDEBUG = true\n",
                        "env.DEBUG must be a string, found a boolean"),
                Arguments.of("env date", header() + "[env]\nDAY = 2024-01-02\n",
                        "env.DAY must be a string, found a date or time"),
                Arguments.of("env bad name", header() + "[env]\n\"MY-VAR\" = \"x\"\n",
                        "env.MY-VAR: invalid environment variable name 'MY-VAR'"),
                Arguments.of("env multi-line value", header() + "[env]\nX = \"a\\nRUN evil\"\n",
                        "env.X: value must not contain a line break or NUL"),
                Arguments.of("env not a table", header().replace("[layer]", "env = 3\n[layer]"),
                        "env must be a table, found an integer"),
                Arguments.of("path_prepend not a table", header() + "[env]\npath_prepend = \"/x\"\n",
                        "env.path_prepend must be a table, found a string"),
                Arguments.of("dirs not an array", header() + "[env.path_prepend]\ndirs = \"/x\"\n",
                        "env.path_prepend.dirs must be an array of strings, found a string"),
                Arguments.of("dir with colon", header() + "[env.path_prepend]\ndirs = [\"/a\", \"/b:/c\"]\n",
                        "env.path_prepend.dirs[1]: '/b:/c' must be a non-empty directory without ':'"),
                Arguments.of("cache path a number", header() + "[cache]\npaths = [\"/a\", 1]\n",
                        "cache.paths[1] must be a string, found an integer"),
                Arguments.of("packages not array", header() + "[root_install]\npackages = \"git\"\n",
                        "root_install.packages must be an array of strings, found a string"),
                Arguments.of("package empty", header() + "[root_install]\npackages = [\"git\", \"\"]\n",
                        "root_install.packages[1]: root_install.packages contains an empty package name"),
                Arguments.of("package bad chars", header() + "[root_install]\npackages = [\"a\", \"b\", \"bad pkg!\"]\n",
                        "root_install.packages[2]: invalid package name 'bad pkg!': must contain only alphanumeric "
                                + "characters, hyphens, underscores, dots, or plus signs"),
                Arguments.of("package injection", header() + "[root_install]\npackages = [\"git;rm\"]\n",
                        "root_install.packages[0]: invalid package name 'git;rm'"),
                Arguments.of("unknown runtime", header() + "[user_install]\nruntime = \"pyenv\"\n",
                        "user_install.runtime: unknown runtime 'pyenv', valid options: [\"nvm\", \"rustup\", \"uv\"]"),
                Arguments.of("runtime not string", header() + "[user_install]\nruntime = [\"nvm\"]\n",
                        "user_install.runtime must be a string, found an array"),
                Arguments.of("npm global not string", header() + "[user_install]\nnpm_globals = [{ a = 1 }]\n",
                        "user_install.npm_globals[0] must be a string, found a table"),
                Arguments.of("cargo tool empty", header() + "[user_install]\ncargo_tools = [\"\"]\n",
                        "user_install.cargo_tools[0]: must not be empty"),
                Arguments.of("uv tools float", header() + "[user_install]\nuv_tools = 1.5\n",
                        "user_install.uv_tools must be an array of strings, found a float"),
                Arguments.of("user_install not table", "user_install = 1\n" + header(),
                        "user_install must be a table, found an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void badManifestNamesFileAndKey(String label, String toml, String expected, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("layer.toml");
        Files.writeString(file, toml);

        LayerException e = assertThrows(LayerException.class, () -> LayerManifest.read(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in <" + e.getMessage() + ">");
    }

    @Test
    void syntaxErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("layer.toml");
        Files.writeString(file, "[layer]\nname = \"unterminated\ndescription = \"d\"\n");

        LayerException e = assertThrows(LayerException.class, () -> LayerManifest.read(file));

        assertTrue(e.getMessage().startsWith("Invalid configuration at " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("(line 2, column "), e.getMessage());
        assertTrue(e.hint().contains(file.toString()));
    }

    @Test
    void unreadableFileIsAnIoError(@TempDir Path dir) {
        Path file = dir.resolve("missing/layer.toml");

        LayerException e = assertThrows(LayerException.class, () -> LayerManifest.read(file));

        assertTrue(e.getMessage().startsWith("IO error: reading layer manifest " + file), e.getMessage());
    }

    @Test
    void recordsEnforceTheSameRulesWhenBuiltInCode() {
        LayerException e = assertThrows(LayerException.class,
                () -> new LayerManifest.RootInstall(List.of("ok", "no way")));
        assertTrue(e.getMessage().startsWith("root_install.packages[1]: invalid package name 'no way'"));
        assertThrows(LayerException.class, () -> new LayerManifest.Info("a/b", "d", "1"));
        assertThrows(LayerException.class, () -> new LayerManifest.UserInstall(Optional.of("sdkman"),
                Optional.empty(), List.of(), List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new LayerManifest.Cache(Arrays.asList("a", null)));
    }

    @Test
    void recordListsAreImmutable() {
        LayerManifest m = LayerManifest.parse(FULL, "full.toml");
        assertThrows(UnsupportedOperationException.class, () -> m.env().vars().put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> m.rootInstall().packages().add("x"));
    }

    static String header() {
        return "[layer]\nname = \"t\"\ndescription = \"d\"\nversion = \"1\"\n";
    }
}
