package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.ConfigEditor;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.MinoConfig;
import dev.mino.layers.LayerException;
import dev.mino.layers.LayerManifest;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkPolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input across every way in: the builder, config files, layer manifests, host:port
 * rules, env, names and paths. Each row must be refused with a message naming what is wrong and a
 * hint, before anything could be created (no Podman is involved in this test at all).
 *
 * <table>
 *   <caption>What is refused</caption>
 *   <tr><th>where</th><th>input</th></tr>
 *   <tr><td>builder</td><td>traversal, NUL, newlines, long strings, symlinks escaping, bad references</td></tr>
 *   <tr><td>config</td><td>wrong types, invalid TOML, bad values for config set</td></tr>
 *   <tr><td>layers</td><td>bad names, bad packages, missing fields</td></tr>
 *   <tr><td>network</td><td>bad host:port rules, shell metacharacters</td></tr>
 * </table>
 */
class HostileInputTest {
    @TempDir
    static Path tmp;
    static Path project;

    @BeforeAll
    static void layout() throws IOException {
        project = Files.createDirectories(tmp.resolve("app")).toRealPath();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(project.resolve("escape"), outside);
        Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
    }

    /** One refusal: what it is, what runs, the exception type, and a word the message contains. */
    record Row(String what, Runnable action, Class<? extends RuntimeException> type, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static Row row(String what, Runnable action, Class<? extends RuntimeException> type, String expected) {
        return new Row(what, action, type, expected);
    }

    private static SandboxBuilder b() {
        return Sandbox.builder().project(project).image("localhost/x:1");
    }

    private static void config(String toml) {
        try {
            Path dir = Files.createTempDirectory(tmp, "cfg");
            Path file = Files.writeString(dir.resolve("config.toml"), toml);
            MinoConfig.load(ConfigOptions.builder().configFile(file).workingDirectory(dir).noLocal(true)
                .stateDirectory(dir.resolve("state")).environment(Map.of()).build());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void configSet(String key, String value) {
        try {
            Path dir = Files.createTempDirectory(tmp, "set");
            new ConfigEditor().set(dir.resolve("config.toml"), key, value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void layer(String toml) {
        LayerManifest.parse(toml, "/layers/x/layer.toml");
    }

    static Stream<Row> rows() {
        String huge = "x".repeat(300_000);
        return Stream.of(
            row("project path with ..", () -> b().project(Path.of("/tmp/../tmp/./nope/..")), InvalidSpecException.class,
                "does not exist"),
            row("relative project", () -> b().project(Path.of("../app")), InvalidSpecException.class, "relative"),
            row("dangling symlink project", () -> b().project(tmp.resolve("dangling")), InvalidSpecException.class,
                "dangling"),
            row("volume container path traversal", () -> b().volume(project.toString(), "/data/../../etc"),
                InvalidSpecException.class, "'..'"),
            row("volume host path with NUL", () -> b().volume("/tmp\0/x", "/x"), InvalidSpecException.class, "NUL"),
            row("volume spec without target", () -> b().volume("/tmp"), InvalidSpecException.class, "HOST:CONTAINER"),
            row("workdir with newline", () -> b().workdir("/a\nb"), InvalidSpecException.class, "line break"),
            row("env key with =", () -> b().env("A=B", "1"), InvalidSpecException.class, "'A=B'"),
            row("env key with space", () -> b().env("A B", "1"), InvalidSpecException.class, "'A B'"),
            row("env value with newline", () -> b().env("A", "1\n2"), InvalidSpecException.class, "line break"),
            row("env value with NUL", () -> b().env("A", "1\0"), InvalidSpecException.class, "NUL"),
            row("env value 300k long", () -> b().env("A", huge), InvalidSpecException.class, "characters long"),
            row("argument with NUL", () -> b().command("sh", "-c", "a\0b"), InvalidSpecException.class, "NUL"),
            row("argument 300k long", () -> b().command(huge), InvalidSpecException.class, "characters long"),
            row("session name with ..", () -> b().name(".."), InvalidSpecException.class, "'..'"),
            row("session name with newline", () -> b().name("a\nb"), InvalidSpecException.class, "session name"),
            row("session name 65 chars", () -> b().name("a".repeat(65)), InvalidSpecException.class, "64"),
            row("image with shell metacharacters", () -> b().image("x;rm -rf /"), InvalidSpecException.class,
                "not valid"),
            row("image 300 chars", () -> b().image("a".repeat(300)), InvalidSpecException.class, "not valid"),
            row("layer name with /", () -> b().layers("../evil"), InvalidSpecException.class, "layer name"),
            row("user with shell metacharacters", () -> b().user("root;id"), InvalidSpecException.class, "not valid"),
            row("label with newline", () -> b().label("k", "a\nb"), InvalidSpecException.class, "control"),
            row("engine with an unknown scheme", () -> b().engine("file:///etc/passwd"), InvalidSpecException.class,
                "unsupported scheme"),
            row("terminal size 0", () -> b().terminalSize(0, 80), InvalidSpecException.class, "out of range"),
            row("Podman network with spaces", () -> b().podmanNetwork("a b"), InvalidSpecException.class, "not valid"),
            row("config: wrong type", () -> config("[container]\nread_only = \"yes\"\n"),
                dev.mino.core.config.ConfigException.class, "container.read_only"),
            row("config: invalid TOML", () -> config("[container\nimage = 1\n"),
                dev.mino.core.config.ConfigException.class, "Invalid configuration"),
            row("config: negative number", () -> config("[cache]\ngc_days = -1\n"),
                dev.mino.core.config.ConfigException.class, "cache.gc_days"),
            row("config set: bad boolean", () -> configSet("container.read_only", "maybe"),
                dev.mino.core.config.ConfigException.class, "container.read_only"),
            row("config set: unknown key", () -> configSet("container.imagee", "x"),
                dev.mino.core.config.ConfigException.class, "Unknown config key"),
            row("layer: missing version", () -> layer("[layer]\nname = \"x\"\ndescription = \"d\"\n"),
                LayerException.class, "version"),
            row("layer: package with shell metacharacters", () -> layer("[layer]\nname = \"x\"\ndescription = \"d\"\n"
                + "version = \"1\"\n[root_install]\npackages = [\"a; rm -rf /\"]\n"), LayerException.class,
                "root_install.packages"),
            row("layer: env value with newline", () -> layer("[layer]\nname = \"x\"\ndescription = \"d\"\n"
                + "version = \"1\"\n[env]\nA = \"1\\n2\"\n"), LayerException.class, "env"),
            row("rule without port", () -> NetworkPolicy.allow("github.com"), NetworkPolicyException.class,
                "github.com"),
            row("rule with port 0", () -> NetworkPolicy.allow("github.com:0"), NetworkPolicyException.class, "Port 0"),
            row("rule with port 70000", () -> NetworkPolicy.allow("github.com:70000"), NetworkPolicyException.class,
                "70000"),
            row("rule with shell metacharacters", () -> NetworkPolicy.allow("a$(id).com:443"),
                NetworkPolicyException.class, "a$(id).com"),
            row("rule with unclosed bracket", () -> NetworkPolicy.allow("[::1:443"), NetworkPolicyException.class,
                "bracket"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefusedClearly(Row row) {
        RuntimeException e = assertThrows(row.type(), row.action()::run, row.what());
        assertTrue(e.getMessage().contains(row.expected()), row.what() + ": " + e.getMessage());
        assertFalse(e.getMessage().indexOf('\0') >= 0, row.what() + ": NUL shown raw");
        String hint = e instanceof MinoException m ? m.hint() : e instanceof LayerException l ? l.hint()
            : ((NetworkPolicyException) e).hint();
        assertFalse(hint == null || hint.isBlank(), row.what() + ": a hint is given");
    }

    @org.junit.jupiter.api.Test
    void aSymlinkInsideTheProjectThatEscapesIsNotFollowedByCacheDetection() throws IOException {
        // A lockfile that is a link to somewhere else is not read (SPEC 9.2 looks at regular files only).
        Files.writeString(tmp.resolve("outside/package-lock.json"), "{}");
        Files.createSymbolicLink(project.resolve("package-lock.json"), tmp.resolve("outside/package-lock.json"));
        assertTrue(dev.mino.core.internal.cache.Lockfile.detect(project).isEmpty());
    }
}
