package dev.mino.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Values written as comma-separated lists, possibly over several occurrences of an option
 * ({@code --layers a,b --layers c}) or in an environment variable ({@code MINO_LAYERS}).
 */
public final class CommaList {
    private CommaList() {
    }

    /**
     * Every item of every value, in order, with surrounding whitespace trimmed and empty items
     * dropped: {@code "a, b,,"} is {@code [a, b]}. A null value counts as empty.
     */
    public static List<String> parse(List<String> values) {
        List<String> items = new ArrayList<>();
        if (values == null) {
            return items;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String item : value.split(",", -1)) {
                String trimmed = item.strip();
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        }
        return items;
    }

    /** The items of one value; see {@link #parse(List)}. */
    public static List<String> parse(String value) {
        return parse(value == null ? List.of() : List.of(value));
    }
}
