package dev.mino.core.internal.config;

import dev.mino.core.text.DisplayText;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes TOML strings and keys. Strings always come out as basic strings with every control
 * character escaped, which also keeps terminal escape sequences from a hostile file out of the
 * messages that quote its values.
 */
public final class TomlText {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlText() {
    }

    /**
     * The value as a TOML basic string, quotes included. Besides the controls TOML requires to be
     * escaped, every character {@link DisplayText#mustEscape(int)} names is written as an escape
     * too (C1 controls, bidirectional and other format characters, line separators), so that the
     * value reads the same on a terminal as it means in the file.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (DisplayText.mustEscape(c)) {
                        DisplayText.appendEscape(out, c);
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One key part: bare when TOML allows it, otherwise quoted. */
    public static String key(String part) {
        return BARE_KEY.matcher(part).matches() ? part : quote(part);
    }

    /** A dotted key, each part written with {@link #key(String)}. */
    public static String dottedKey(List<String> path) {
        return path.stream().map(TomlText::key).collect(Collectors.joining("."));
    }

    /** A one-line array of basic strings, for example {@code ["a", "b"]}. */
    public static String stringArray(List<String> values) {
        return values.stream().map(TomlText::quote).collect(Collectors.joining(", ", "[", "]"));
    }
}
