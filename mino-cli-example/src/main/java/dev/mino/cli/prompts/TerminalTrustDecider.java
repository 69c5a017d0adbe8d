package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Io;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;

/**
 * The CLI's answer to the library's trust questions, asked at the terminal as mino 1.6.0 asks
 * them: a local {@code .mino.toml} through {@link TerminalTrustPrompt}, the project's own layers
 * through {@link LayerTrustPrompt}. Given to the library only when someone is at the terminal.
 */
public final class TerminalTrustDecider implements TrustDecider {
    private final Io io;

    /** @param io the terminal's streams */
    public TerminalTrustDecider(Io io) {
        this.io = io;
    }

    @Override
    public boolean trust(TrustQuestion question) {
        if (question instanceof TrustQuestion.LocalConfigFile config) {
            return new TerminalTrustPrompt(io).trust(config.file(), config.fields());
        }
        if (question instanceof TrustQuestion.ProjectLayerFiles layers) {
            return LayerTrustPrompt.ask(io, layers.check());
        }
        return false;
    }
}
