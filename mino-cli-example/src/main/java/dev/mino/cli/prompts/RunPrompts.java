package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.ConfigEdit;
import dev.mino.core.config.ConfigEditor;
import dev.mino.layers.LayerSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Asks {@code run}'s questions and keeps the answers the user wants kept (SPEC 1.3.3): each
 * question is followed by "save to .mino.toml, to the global config, or not at all", and a saved
 * answer is written into that one file with the {@link ConfigEditor}, which keeps the file's
 * comments and layout and, for a project file it may vouch for, records the new content as
 * trusted, so that the next run neither asks again nor stops at the trust gate (SPEC 16 item 8).
 */
public final class RunPrompts {
    private final Prompter prompter;
    private final ConfigEditor editor;
    private final Renderer err;
    private final Path project;
    private final Path globalFile;
    private final Path home;

    /**
     * @param prompter who asks
     * @param editor writes the answers; one with the trust store, so that a project file stays trusted
     * @param err where "Saved to" is reported
     * @param project the project, whose {@code .mino.toml} is one target
     * @param globalFile the global config file in effect, the other target
     * @param home the user's home, to show the global file's path shortly
     */
    public RunPrompts(Prompter prompter, ConfigEditor editor, Renderer err, Path project, Path globalFile, Path home) {
        this.prompter = prompter;
        this.editor = editor;
        this.err = err;
        this.project = project;
        this.globalFile = globalFile;
        this.home = home;
    }

    /** Asks for the layers among {@code available}, then where to save the answer. */
    public LayerPrompt.Answer askLayers(List<LayerSummary> available) {
        List<Integer> picked = prompter.ask(Menu.multiselect(LayerPrompt.TITLE, LayerPrompt.choices(available)));
        LayerPrompt.Answer answer = LayerPrompt.answer(picked, available);
        offerSave(LayerPrompt.SAVE_TITLE, answer.key(), answer.value());
        return answer;
    }

    /** Asks for the network mode, then where to save the answer. */
    public NetworkPrompt.Answer askNetwork() {
        int picked = prompter.ask(Menu.select(NetworkPrompt.TITLE, NetworkPrompt.choices())).get(0);
        NetworkPrompt.Answer answer = NetworkPrompt.Answer.values()[picked];
        offerSave(NetworkPrompt.SAVE_TITLE, answer.key, answer.value);
        return answer;
    }

    private void offerSave(String title, String key, String value) {
        int picked = prompter.ask(Menu.select(title, SaveTarget.choices(globalFile, home))).get(0);
        Optional<Path> file = SaveTarget.values()[picked].file(project, globalFile);
        if (file.isPresent()) {
            // The "upsert" of SPEC 1.3.3: the file and its directory are created when missing,
            // the [container] table too, and nothing else in the file changes.
            ConfigEdit edit = editor.set(file.get(), key, value);
            err.ok("Saved to " + edit.file());
        }
    }
}
