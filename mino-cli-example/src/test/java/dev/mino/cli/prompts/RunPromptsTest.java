package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.images.LocalImage;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.ConfigEditor;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.TrustStore;
import dev.mino.layers.LayerSource;
import dev.mino.layers.LayerSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s questions: when each is asked, and, through JLine on a terminal made of streams,
 * that the answers land in the file chosen, keep its comments, keep a project file trusted, and
 * answer the question for the next run (SPEC 1.3.3 and 16 item 8).
 */
class RunPromptsTest {
    private static final String DOWN = "\u001b[B";
    private static final List<LayerSummary> LAYERS = List.of(
        new LayerSummary("hello", "says hello", LayerSource.USER, Optional.empty()),
        new LayerSummary("rust", "Rust toolchain", LayerSource.BUILT_IN, Optional.empty()));

    @TempDir
    Path dir;

    private LoadedConfig loaded(MinoConfig config, String... keysSet) {
        return new LoadedConfig(config, dir.resolve("config.toml"), true, Optional.empty(), LocalConfigStatus.NOT_FOUND,
            List.of(), List.of(), Set.of(keysSet));
    }

    private static MinoConfig image(String image) {
        MinoConfig.Container d = MinoConfig.defaults().container();
        return MinoConfig.defaults().withContainer(new MinoConfig.Container(image, d.env(), d.volumes(), d.network(),
            d.workdir(), d.networkAllow(), d.networkPreset(), d.layers(), d.readOnly(), d.baseImage()));
    }

    @Test
    void theNetworkIsAskedOnlyWhenNoOptionAndNoFileSetsIt() {
        LoadedConfig nothing = loaded(MinoConfig.defaults());
        assertTrue(NetworkPrompt.applies(nothing, null, List.of(), null));
        assertFalse(NetworkPrompt.applies(nothing, "bridge", List.of(), null));
        assertFalse(NetworkPrompt.applies(nothing, null, List.of("github.com:443"), null));
        assertFalse(NetworkPrompt.applies(nothing, null, List.of(), "dev"));
        assertTrue(NetworkPrompt.applies(nothing, null, List.of(" , "), null), "an empty allow list chooses nothing");
        for (String key : List.of("container.network", "container.network_allow", "container.network_preset")) {
            assertFalse(NetworkPrompt.applies(loaded(MinoConfig.defaults(), key), null, List.of(), null),
                key + " written down, even with the default value, is an answer");
        }
        assertTrue(NetworkPrompt.applies(loaded(MinoConfig.defaults(), "container.network_preset_hosts",
            "container.image"), null, List.of(), null), "other keys do not answer it");
    }

    @Test
    void theLayersAreAskedOnlyWhenNothingChoosesTheImage() {
        LoadedConfig nothing = loaded(MinoConfig.defaults());
        assertTrue(LayerPrompt.applies(nothing, List.of(), null, List.of()));
        assertFalse(LayerPrompt.applies(nothing, List.of("rust"), null, List.of()));
        assertFalse(LayerPrompt.applies(nothing, List.of(), "localhost/x:1", List.of()));
        assertFalse(LayerPrompt.applies(nothing, List.of(), null, List.of("python")), "MINO_LAYERS");
        assertFalse(LayerPrompt.applies(loaded(MinoConfig.defaults(), "container.layers"), List.of(), null, List.of()));
        assertFalse(LayerPrompt.applies(loaded(image(MinoConfig.DEFAULT_IMAGE), "container.image"), List.of(), null,
            List.of()), "the default image written down is an answer");
        assertFalse(LayerPrompt.applies(loaded(image(LocalImage.NAME), "container.image"), List.of(), null, List.of()),
            "the image setup recorded answers the question too (issue 16)");
        assertTrue(LayerPrompt.applies(loaded(MinoConfig.defaults(), "container.base_image"), List.of(), null,
            List.of()));
    }

    @Test
    void answersMapToTheKeysTheySave() {
        LayerPrompt.Answer base = LayerPrompt.answer(List.of(0), LAYERS);
        assertTrue(base.baseOnly());
        assertEquals("container.image", base.key());
        assertEquals("base", base.value());
        LayerPrompt.Answer tools = LayerPrompt.answer(List.of(0, 1, 2), LAYERS);
        assertEquals(List.of("hello", "rust"), tools.layers(), "a real layer drops \"Base only\"");
        assertEquals("container.layers", tools.key());
        assertEquals("hello,rust", tools.value());
        assertEquals(List.of("Base only", "hello", "rust"),
            LayerPrompt.choices(LAYERS).stream().map(Choice::label).toList());
        assertEquals("says hello", LayerPrompt.choices(LAYERS).get(1).hint());

        assertEquals(List.of("Bridge (recommended)", "Host", "Allowlist: dev", "Allowlist: registries", "None"),
            NetworkPrompt.choices().stream().map(Choice::label).toList());
        assertEquals("container.network_preset", NetworkPrompt.Answer.REGISTRIES.key);
        assertEquals("none", NetworkPrompt.Answer.NONE.value);
        assertEquals(List.of("Save to .mino.toml", "Save to global config", "Don't save"),
            SaveTarget.choices(dir.resolve("c/config.toml"), dir).stream().map(Choice::label).toList());
        assertEquals("~/c/config.toml", SaveTarget.choices(dir.resolve("c/config.toml"), dir).get(1).hint());
        assertEquals(Optional.empty(), SaveTarget.NOWHERE.file(dir, dir.resolve("g.toml")));
    }

    @Test
    void answersLandInTheChosenFilesAndAnswerTheNextRun() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project")).toRealPath();
        Path configDir = dir.resolve("config");
        Path global = configDir.resolve("config.toml");
        Files.createDirectories(configDir);
        Files.writeString(global, "# my settings\n[container]\nbase_image = \"localhost/base:1\" # local base\n");
        Path state = dir.resolve("state");
        TrustStore store = TrustStore.inStateDirectory(state);
        // Layers: down to "hello", tick it, confirm; save to .mino.toml. Network: Bridge; save globally.
        String keys = DOWN + " \r" + "\r" + "\r" + DOWN + "\r";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Terminal terminal = terminal(keys, screen)) {
            RunPrompts prompts = new RunPrompts(new TerminalPrompter(terminal, terminal.input()),
                new ConfigEditor(store), new Renderer(new PrintStream(err, true, StandardCharsets.UTF_8), true, false),
                project, global, dir);

            assertEquals(List.of("hello"), prompts.askLayers(LAYERS).layers());
            assertEquals(NetworkPrompt.Answer.BRIDGE, prompts.askNetwork());
            assertTrue(terminal.getAttributes().getLocalFlag(LocalFlag.ECHO), "the terminal is given back");
        }

        Path local = project.resolve(".mino.toml");
        assertEquals("[container]\nlayers = [\"hello\"]\n", Files.readString(local));
        assertEquals("# my settings\n[container]\nbase_image = \"localhost/base:1\" # local base\nnetwork = \"bridge\"\n",
            Files.readString(global), "comments and layout stay");
        String shown = screen.toString(StandardCharsets.UTF_8);
        for (String text : List.of(LayerPrompt.TITLE, "Base only", "says hello", "Rust toolchain",
            LayerPrompt.SAVE_TITLE, NetworkPrompt.TITLE, "full internet, isolated from host services",
            NetworkPrompt.SAVE_TITLE, "~/config/config.toml", "prompt again next time")) {
            assertTrue(shown.contains(text), text + " is shown");
        }
        assertEquals("  \u2713 Saved to " + local + "\n  \u2713 Saved to " + global + "\n",
            err.toString(StandardCharsets.UTF_8));

        LoadedConfig next = MinoConfig.load(ConfigOptions.builder().environment(Map.of()).configDirectory(configDir)
            .stateDirectory(state).workingDirectory(project).build());
        assertEquals(LocalConfigStatus.LOADED_TRUSTED, next.localStatus(), "the file mino wrote passes the trust gate");
        assertEquals(List.of("hello"), next.config().container().layers());
        assertFalse(NetworkPrompt.applies(next, null, List.of(), null), "a saved Bridge is not asked again");
        assertFalse(LayerPrompt.applies(next, List.of(), null, List.of()));
    }

    @Test
    void baseOnlyAndDontSaveWriteNothingButBaseOnlyIsTheAnswer() throws Exception {
        Path project = Files.createDirectories(dir.resolve("p"));
        Path global = dir.resolve("config/config.toml");
        String keys = " \r" + DOWN + DOWN + "\r";
        try (Terminal terminal = terminal(keys, new ByteArrayOutputStream())) {
            RunPrompts prompts = new RunPrompts(new TerminalPrompter(terminal, terminal.input()), new ConfigEditor(),
                new Renderer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true, false),
                project, global, dir);
            assertTrue(prompts.askLayers(LAYERS).baseOnly());
        }
        assertFalse(Files.exists(project.resolve(".mino.toml")));
        assertFalse(Files.exists(global));
    }

    @Test
    void ctrlCCancelsAndGivesTheTerminalBack() throws Exception {
        Path project = Files.createDirectories(dir.resolve("p"));
        try (Terminal terminal = terminal(DOWN + "\u0003", new ByteArrayOutputStream())) {
            RunPrompts prompts = new RunPrompts(new TerminalPrompter(terminal, terminal.input()), new ConfigEditor(),
                new Renderer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true, false),
                project, dir.resolve("g.toml"), dir);
            assertThrows(Prompter.PromptCancelled.class, prompts::askNetwork);
            assertTrue(terminal.getAttributes().getLocalFlag(LocalFlag.ECHO));
            assertTrue(terminal.getAttributes().getLocalFlag(LocalFlag.ICANON));
        }
        assertFalse(Files.exists(project.resolve(".mino.toml")));
    }

    private static Terminal terminal(String keys, ByteArrayOutputStream screen) throws Exception {
        return TerminalBuilder.builder().system(false).type("xterm").size(new Size(120, 40))
            .streams(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen).build();
    }
}
