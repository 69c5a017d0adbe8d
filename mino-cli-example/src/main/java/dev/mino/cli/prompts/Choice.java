package dev.mino.cli.prompts;

import java.util.Objects;

/**
 * One option of a {@link Menu}.
 *
 * @param label what the option is called
 * @param hint a short explanation shown dimmed beside it, or empty
 */
record Choice(String label, String hint) {
    Choice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hint, "hint");
    }
}
