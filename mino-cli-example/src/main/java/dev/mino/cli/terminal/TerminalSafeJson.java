package dev.mino.cli.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mino.core.text.DisplayText;

/**
 * JSON for a terminal: Jackson escapes only what JSON requires (C0 controls, quote, backslash),
 * so DEL, a C1 control such as the one-character CSI U+009B, or a bidirectional override in a
 * session's path or error would reach the terminal as it is. Here every character
 * {@link DisplayText#mustEscape(int)} names is written as a JSON <code>&#92;uXXXX</code> escape, as is
 * every surrogate (a character above U+FFFF, such as a tag character, arrives as two of them):
 * still valid JSON, read back as the same text.
 */
public final class TerminalSafeJson {

    private TerminalSafeJson() {
    }

    /** A mapper that pretty-prints and escapes as described above. */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.getFactory().setCharacterEscapes(new Escapes());
        return mapper;
    }

    /**
     * The same JSON written again with these escapes: for JSON the library renders (a dry run's
     * plan), whose mapper escapes only what JSON requires.
     *
     * @throws IllegalArgumentException if {@code json} is no JSON
     */
    public static String rewrite(String json) {
        ObjectMapper mapper = mapper();
        try {
            return mapper.writeValueAsString(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            for (int c = 0; c < ascii.length; c++) {
                if (ascii[c] == ESCAPE_NONE && DisplayText.mustEscape(c)) {
                    ascii[c] = ESCAPE_STANDARD;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        /** Called for each UTF-16 unit above ASCII. */
        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (!Character.isSurrogate((char) ch) && !DisplayText.mustEscape(ch)) {
                return null;
            }
            // Up to U+FFFF, DisplayText's notation is JSON's.
            StringBuilder escape = new StringBuilder(6);
            DisplayText.appendEscape(escape, ch);
            return new SerializedString(escape.toString());
        }
    }
}
