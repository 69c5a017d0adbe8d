package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompositionPlanTest {

    static Layer layer(String name, String version, String script, Map<String, String> env, List<String> dirs,
            List<String> packages, LayerManifest.UserInstall userInstall) {
        LayerManifest manifest = new LayerManifest(new LayerManifest.Info(name, name + " layer", version),
                new LayerManifest.Env(env, dirs), LayerManifest.Cache.NONE, new LayerManifest.RootInstall(packages),
                userInstall);
        return new Layer(manifest, Optional.ofNullable(script), LayerSource.USER, Optional.empty());
    }

    static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static final Layer ALPHA = layer("alpha", "1", "echo alpha\n", ordered("ZED", "z", "GREETING", "hello world"),
            List.of("/opt/alpha/bin"), List.of("git"), LayerManifest.UserInstall.NONE);

    static final Layer BETA = layer("beta", "3", "echo beta\n", ordered("GREETING", "hi", "QUOTE", "say \"x\""),
            List.of("/opt/beta/bin", "/opt/alpha/bin"), List.of("make", "jq"),
            new LayerManifest.UserInstall(Optional.of("uv"), Optional.empty(), List.of(), List.of(), List.of("ruff")));

    static Layer builtIn(String name) {
        return BuiltInLayers.find(name).orElseThrow();
    }

    @Test
    void goldenContainerfile() {
        CompositionPlan plan = CompositionPlan.of(List.of(ALPHA, BETA));

        assertEquals(String.join("\n",
                "FROM ghcr.io/dean0x/mino-base:latest",
                "",
                "# Layer: alpha",
                "USER root",
                "COPY install-alpha.sh /tmp/install-alpha.sh",
                "RUN chmod +x /tmp/install-alpha.sh && /tmp/install-alpha.sh && rm /tmp/install-alpha.sh",
                "",
                "# Layer: beta",
                "USER root",
                "COPY install-beta.sh /tmp/install-beta.sh",
                "RUN chmod +x /tmp/install-beta.sh && /tmp/install-beta.sh && rm /tmp/install-beta.sh",
                "",
                "# Root-level packages from layer manifests",
                "USER root",
                "RUN dnf install -y --setopt=install_weak_deps=False git make jq && dnf clean all",
                "",
                "USER developer",
                "ENV GREETING=hi",
                "ENV PATH=\"/opt/alpha/bin:/opt/beta/bin:${PATH}\"",
                "ENV QUOTE=\"say \\\"x\\\"\"",
                "ENV ZED=z",
                "",
                "WORKDIR /workspace",
                "CMD [\"/bin/zsh\"]"), plan.containerfile());
    }

    @Test
    void goldenContainerfileForPythonAlone() {
        CompositionPlan plan = CompositionPlan.of(List.of(builtIn("python")));

        assertTrue(plan.composeNeeded());
        assertEquals(String.join("\n",
                "FROM ghcr.io/dean0x/mino-base:latest",
                "",
                "# Layer: python",
                "USER root",
                "COPY install-python.sh /tmp/install-python.sh",
                "RUN chmod +x /tmp/install-python.sh && /tmp/install-python.sh && rm /tmp/install-python.sh",
                "",
                "# Root-level packages from layer manifests",
                "USER root",
                "RUN dnf install -y --setopt=install_weak_deps=False python3 python3-devel && dnf clean all",
                "",
                "USER developer",
                "ENV PATH=\"/home/developer/.local/bin:${PATH}\"",
                "ENV PYTHONDONTWRITEBYTECODE=1",
                "ENV PYTHONUNBUFFERED=1",
                "ENV UV_CACHE_DIR=/cache/uv",
                "ENV UV_PYTHON_INSTALL_DIR=/cache/uv/python",
                "",
                "WORKDIR /workspace",
                "CMD [\"/bin/zsh\"]"), plan.containerfile());
    }

    @Test
    void localBaseImageAndAnotherPackageManager() {
        CompositionPlan plan = CompositionPlan.builder()
                .layers(List.of(ALPHA))
                .baseImage("localhost/busybox-dev:1")
                .rootInstallCommand("apk add --no-cache {packages}")
                .build();

        assertTrue(plan.containerfile().startsWith("FROM localhost/busybox-dev:1\n"));
        assertTrue(plan.containerfile().contains("\nRUN apk add --no-cache git\n"));
        assertEquals("apk add --no-cache {packages}", plan.rootInstallCommand());
        assertEquals("localhost/busybox-dev:1", plan.baseImage());
        assertNotEquals(CompositionPlan.builder().layers(List.of(ALPHA)).baseImage("localhost/busybox-dev:1").build()
                .tag(), plan.tag(), "the install command is part of the tag when not the default");
        assertThrows(LayerException.class, () -> CompositionPlan.builder().rootInstallCommand("apk add"));
        assertThrows(LayerException.class, () -> CompositionPlan.builder().baseImage("two words"));
    }

    @Test
    void composeNeededOnlyForScriptsOrRootPackages() {
        Layer envOnlyWithUserInstall = layer("u", "1", null, Map.of("A", "b"), List.of(), List.of(),
                BETA.manifest().userInstall());
        Layer packagesOnly = layer("p", "1", null, Map.of(), List.of(), List.of("git"), LayerManifest.UserInstall.NONE);

        assertFalse(CompositionPlan.of(List.of()).composeNeeded());
        assertFalse(CompositionPlan.of(List.of(builtIn("typescript"), builtIn("rust"))).composeNeeded());
        assertFalse(CompositionPlan.of(List.of(envOnlyWithUserInstall)).composeNeeded());
        assertTrue(CompositionPlan.of(List.of(packagesOnly)).composeNeeded());
        assertTrue(CompositionPlan.of(List.of(builtIn("typescript"), builtIn("python"))).composeNeeded());
    }

    @Test
    void imageIsTheBaseWithoutCompositionAndTheTagWithIt() {
        CompositionPlan none = CompositionPlan.of(List.of(builtIn("rust")));
        CompositionPlan composed = CompositionPlan.of(List.of(builtIn("python")));

        assertEquals(CompositionPlan.DEFAULT_BASE_IMAGE, none.image());
        assertEquals(composed.tag(), composed.image());
        assertTrue(composed.tag().matches("mino-composed-[0-9a-f]{12}"), composed.tag());
    }

    @Test
    void sameInputsSameTag() {
        assertEquals(CompositionPlan.of(List.of(ALPHA, BETA)).tag(), CompositionPlan.of(List.of(ALPHA, BETA)).tag());
        Layer alphaAgain = layer("alpha", "1", "echo alpha\n", ordered("GREETING", "hello world", "ZED", "z"),
                List.of("/opt/alpha/bin"), List.of("git"), LayerManifest.UserInstall.NONE);
        assertEquals(CompositionPlan.of(List.of(ALPHA)).tag(), CompositionPlan.of(List.of(alphaAgain)).tag(),
                "env order in the file does not matter, it is sorted");
    }

    @Test
    void orderOfLayersDoesNotChangeTheTag() {
        assertEquals(CompositionPlan.of(List.of(ALPHA, BETA)).tag(), CompositionPlan.of(List.of(BETA, ALPHA)).tag());
        Layer otherAlpha = layer("alpha", "2", "echo other\n", Map.of(), List.of(), List.of(),
                LayerManifest.UserInstall.NONE);
        Layer sameScriptAlpha = layer("alpha", "2", "echo alpha\n", Map.of(), List.of(), List.of(),
                LayerManifest.UserInstall.NONE);
        assertEquals(CompositionPlan.of(List.of(ALPHA, sameScriptAlpha)).tag(),
                CompositionPlan.of(List.of(sameScriptAlpha, ALPHA)).tag(), "ties on the name are broken by content");
        assertThrows(LayerException.class, () -> CompositionPlan.of(List.of(ALPHA, otherAlpha)));
    }

    @Test
    void everyHashedPartChangesTheTag() {
        String tag = CompositionPlan.of(List.of(ALPHA)).tag();
        LayerManifest.UserInstall uv =
                new LayerManifest.UserInstall(Optional.of("uv"), Optional.empty(), List.of(), List.of(), List.of());
        List<Layer> changed = List.of(
                layer("alpha2", "1", "echo alpha\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "2", "echo alpha\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo changed\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", null, ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo alpha\n", ordered("ZED", "z", "GREETING", "hello"), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo alpha\n", ordered("ZED", "z"), List.of("/opt/alpha/bin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo alpha\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/sbin"),
                        List.of("git"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo alpha\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git", "jq"), LayerManifest.UserInstall.NONE),
                layer("alpha", "1", "echo alpha\n", ALPHA.manifest().env().vars(), List.of("/opt/alpha/bin"),
                        List.of("git"), uv));
        for (Layer layer : changed) {
            assertNotEquals(tag, CompositionPlan.of(List.of(layer)).tag(), layer.toString());
        }
        assertNotEquals(tag, CompositionPlan.builder().layers(List.of(ALPHA)).baseImage("localhost/base").build().tag());
    }

    @Test
    void theBaseImagesIdIsPartOfTheTagAndTheBuildStartsFromIt() {
        String one = "a".repeat(64);
        String two = "b".repeat(64);
        CompositionPlan byName = CompositionPlan.of(List.of(ALPHA));
        CompositionPlan onOne = byName.withBaseImageId(one);
        CompositionPlan onTwo = byName.withBaseImageId("sha256:" + two);

        assertNotEquals(byName.tag(), onOne.tag());
        assertNotEquals(onOne.tag(), onTwo.tag(), "a rebuilt base under the same name, a new tag");
        assertEquals(onOne.tag(), byName.withBaseImageId(one).tag());
        assertEquals(Optional.of(two), onTwo.baseImageId());
        assertEquals(Optional.empty(), byName.baseImageId());
        assertEquals(byName.baseImage(), onOne.baseImage());
        assertEquals(byName.layers(), onOne.layers());
        assertEquals(byName.runtimeEnv(), onOne.runtimeEnv());
        assertTrue(onOne.containerfile().startsWith("FROM " + one + "\n"), onOne.containerfile());
        assertTrue(byName.containerfile().startsWith("FROM " + CompositionPlan.DEFAULT_BASE_IMAGE + "\n"));
        for (String bad : List.of("", "abc", "A".repeat(64), "a".repeat(63) + "\n", "localhost/x:latest")) {
            assertThrows(LayerException.class, () -> byName.withBaseImageId(bad), bad);
        }
    }

    @Test
    void projectLayersAreToldApart() {
        Layer project = new Layer(ALPHA.manifest(), ALPHA.installScript(), LayerSource.PROJECT, Optional.empty());
        assertFalse(CompositionPlan.of(List.of(ALPHA, builtIn("python"))).hasProjectLayers());
        assertTrue(CompositionPlan.of(List.of(project, builtIn("python"))).hasProjectLayers());
    }

    @Test
    void tagFollowsTheDocumentedEncoding() throws Exception {
        Layer simple = layer("solo", "9", "echo hi\n", ordered("B", "2", "A", "1"), List.of("/x", "/y"),
                List.of("git", "jq"), new LayerManifest.UserInstall(Optional.of("nvm"), Optional.of("22"),
                        List.of("pnpm"), List.of(), List.of()));
        StringBuilder expected = new StringBuilder();
        for (String part : List.of(CompositionPlan.DEFAULT_BASE_IMAGE, "solo", "echo hi\n", "9", "git\njq\n",
                "{\"runtime\":\"nvm\",\"runtime_version\":\"22\",\"npm_globals\":[\"pnpm\"]}", "A=1\nB=2\n", "/x\n/y\n",
                "containerfile-format 2")) {
            expected.append(part.getBytes(StandardCharsets.UTF_8).length).append(':').append(part);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(expected.toString().getBytes(StandardCharsets.UTF_8));

        assertEquals("mino-composed-" + HexFormat.of().formatHex(digest).substring(0, 12),
                CompositionPlan.of(List.of(simple)).tag());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain|plain",
        "/cache/uv/python|/cache/uv/python",
        "1|1",
        "a=b,c|a=b,c",
        "``|``",
        "has space|\"has space\"",
        "$HOME/x|\"$HOME/x\"",
        "say \"hi\"|\"say \\\"hi\\\"\"",
        "C:\\dir|\"C:\\\\dir\"",
        "it's|\"it's\""})
    void envQuoting(String value, String written) {
        assertEquals(written, ContainerfileText.quote(value));
    }

    @Test
    void aValueCannotSplitIntoASecondEnvLine() {
        // Red team: the Containerfile parser splits an unquoted ENV value at every character Go
        // counts as white space; on Podman 4.3 "x<U+00A0>LD_PRELOAD=/w/e.so" set LD_PRELOAD too.
        for (String blank : List.of("\u00A0", "\u0085", "\u2028", "\u000B", "\u000C", "\u3000", "\u1680")) {
            String value = "x" + blank + "LD_PRELOAD=/workspace/e.so";
            assertEquals("\"" + value + "\"", ContainerfileText.quote(value), "U+" + (int) blank.charAt(0));
        }
        assertEquals("\"\u00e9t\u00e9\"", ContainerfileText.quote("\u00e9t\u00e9"), "any non-ASCII is quoted");
        assertEquals("a=b,c:/d", ContainerfileText.quote("a=b,c:/d"), "the positive control: plain ASCII stays bare");
    }

    @Test
    void theBuildContextHoldsOnlyTheContainerfileAndTheScripts() {
        // A project layer's folder may hold anything; nothing but its install script reaches the build.
        ProjectLayers tree = ProjectLayers.of(java.nio.file.Path.of("/p/.mino/layers"), Map.of(
                "mine/layer.toml", ("[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n"
                        + "[env]\nFOO = \"x\\u00A0LD_PRELOAD=/workspace/e.so\"\n").getBytes(StandardCharsets.UTF_8),
                "mine/install.sh", "echo hi\n".getBytes(StandardCharsets.UTF_8),
                "mine/id_ed25519", "PRIVATE KEY\n".getBytes(StandardCharsets.UTF_8),
                "mine/Containerfile", "FROM evil\n".getBytes(StandardCharsets.UTF_8)));
        List<Layer> layers = LayerResolver.builder().projectLayers(tree).build().resolve("mine").layers();
        CompositionPlan plan = CompositionPlan.of(layers);

        assertEquals(List.of(CompositionPlan.CONTAINERFILE, "install-mine.sh"), List.copyOf(plan.buildContext().keySet()));
        assertTrue(plan.containerfile().contains("\nENV FOO=\"x\u00A0LD_PRELOAD=/workspace/e.so\"\n"),
                plan.containerfile());
        assertEquals(1, plan.containerfile().lines().filter(line -> line.contains("LD_PRELOAD")).count());
    }

    @Test
    void tabIsQuoted() {
        assertEquals("\"a\tb\"", ContainerfileText.quote("a\tb"));
    }

    @Test
    void runtimeEnvWithoutComposition() {
        CompositionPlan plan = CompositionPlan.of(List.of(builtIn("typescript"), builtIn("rust")));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PNPM_HOME", "/cache/pnpm");
        expected.put("npm_config_cache", "/cache/npm");
        expected.put("NODE_ENV", "development");
        expected.put("CARGO_HOME", "/home/developer/.cargo");
        expected.put("RUSTUP_HOME", "/home/developer/.rustup");
        expected.put("RUSTC_WRAPPER", "sccache");
        expected.put("SCCACHE_DIR", "/cache/sccache");
        expected.put("MINO_PATH_PREPEND", "/cache/pnpm:/home/developer/.npm-global/bin:/home/developer/.cargo/bin");
        expected.put("MINO_LAYER_MANIFEST", "[{\"name\":\"typescript\",\"runtime\":\"nvm\",\"runtime_version\":\"22\","
                + "\"npm_globals\":[\"pnpm\",\"tsx\",\"typescript\",\"npm-check-updates\",\"@biomejs/biome\",\"turbo\","
                + "\"vite\"]},{\"name\":\"rust\",\"runtime\":\"rustup\",\"runtime_version\":\"stable\",\"cargo_tools\":"
                + "[\"bacon\",\"cargo-edit\",\"cargo-outdated\",\"cargo-nextest\",\"sccache\"]}]");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(plan.runtimeEnv().entrySet()));
        assertEquals(Optional.of(expected.get("MINO_LAYER_MANIFEST")), plan.layerManifestJson());
    }

    @Test
    void runtimeEnvWithCompositionLeavesTheBakedVariablesOut() {
        CompositionPlan plan = CompositionPlan.of(List.of(ALPHA, BETA));

        assertEquals(Map.of(
                "MINO_PATH_PREPEND", "/opt/alpha/bin:/opt/beta/bin",
                "MINO_LAYER_MANIFEST", "[{\"name\":\"beta\",\"runtime\":\"uv\",\"uv_tools\":[\"ruff\"]}]"),
                plan.runtimeEnv());
        assertEquals(List.of("/opt/alpha/bin", "/opt/beta/bin"), plan.pathPrepend());
        assertEquals("hi", plan.buildEnv().get("GREETING"), "the later layer wins");
    }

    @Test
    void noUserInstallNoManifestAndNoDirsNoPathPrepend() {
        Layer bare = layer("bare", "1", "true\n", Map.of("A", "1"), List.of(), List.of(),
                LayerManifest.UserInstall.NONE);

        CompositionPlan plan = CompositionPlan.of(List.of(bare));

        assertEquals(Map.of(), plan.runtimeEnv());
        assertEquals(Optional.empty(), plan.layerManifestJson());
        assertEquals(Map.of("A", "1"), plan.buildEnv());
    }

    @Test
    void layerSettingMinoPathPrependItselfKeepsItsValueWhenComposed() {
        Layer own = layer("own", "1", "true\n", Map.of("MINO_PATH_PREPEND", "/mine"), List.of("/d"), List.of(),
                LayerManifest.UserInstall.NONE);

        assertEquals(Map.of(), CompositionPlan.of(List.of(own)).runtimeEnv());
    }

    @Test
    void manifestJsonEscapesStrings() {
        Layer odd = layer("odd", "1", null, Map.of(), List.of(), List.of(), new LayerManifest.UserInstall(
                Optional.of("nvm"), Optional.of("\"22\""), List.of("a\\b"), List.of(), List.of()));

        assertEquals("[{\"name\":\"odd\",\"runtime\":\"nvm\",\"runtime_version\":\"\\\"22\\\"\","
                + "\"npm_globals\":[\"a\\\\b\"]}]", CompositionPlan.of(List.of(odd)).layerManifestJson().orElseThrow());
    }

    @Test
    void buildContextHasTheContainerfileAndOneScriptPerLayer() {
        CompositionPlan plan = CompositionPlan.of(List.of(BETA, builtIn("typescript"), ALPHA, BETA));

        Map<String, byte[]> context = plan.buildContext();

        assertEquals(List.of("Containerfile", "install-beta.sh", "install-alpha.sh"), List.copyOf(context.keySet()));
        assertArrayEquals(plan.containerfile().getBytes(StandardCharsets.UTF_8), context.get("Containerfile"));
        assertArrayEquals("echo beta\n".getBytes(StandardCharsets.UTF_8), context.get("install-beta.sh"));
        context.get("install-beta.sh")[0] = 'X';
        assertArrayEquals("echo beta\n".getBytes(StandardCharsets.UTF_8), plan.buildContext().get("install-beta.sh"),
                "callers get copies");
        assertEquals(2, plan.containerfile().split("# Layer: beta", -1).length - 1,
                "a layer listed twice runs twice, as in mino 1.6.0");
    }

    @Test
    void layerThatSetsPathIsOverriddenByPathPrepend() {
        Layer setsPath = layer("p", "1", "true\n", Map.of("PATH", "/only"), List.of("/d"), List.of(),
                LayerManifest.UserInstall.NONE);
        Layer setsPathNoDirs = layer("q", "1", "true\n", Map.of("PATH", "/only"), List.of(), List.of(),
                LayerManifest.UserInstall.NONE);

        assertEquals("/d:${PATH}", CompositionPlan.of(List.of(setsPath)).buildEnv().get("PATH"));
        assertEquals("/only", CompositionPlan.of(List.of(setsPathNoDirs)).buildEnv().get("PATH"));
    }
}
