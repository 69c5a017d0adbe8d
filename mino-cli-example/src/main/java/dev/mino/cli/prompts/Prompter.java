package dev.mino.cli.prompts;

import java.util.List;

/** Puts a {@link Menu} to the user and returns the chosen indexes. */
public interface Prompter {
    /**
     * @return the indexes chosen, in order; never empty
     * @throws PromptCancelled when the user cancels (Ctrl-C, Ctrl-D, end of input)
     */
    List<Integer> ask(Menu menu);

    /** The user left a prompt without answering; {@code run} stops without starting anything. */
    final class PromptCancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PromptCancelled() {
            super("Cancelled at the prompt", null, false, false);
        }
    }
}
