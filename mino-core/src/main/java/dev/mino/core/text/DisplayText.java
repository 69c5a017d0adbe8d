package dev.mino.core.text;

import java.util.Objects;

/**
 * Makes untrusted text safe to show on one line of a terminal: every control and format
 * character is replaced by a visible escape such as <code>&#92;u001B</code> or <code>&#92;u202E</code>.
 *
 * <p>Escaped are the C0 controls (U+0000 to U+001F, newline and tab included), DEL (U+007F), the
 * C1 controls (U+0080 to U+009F, among them the one-byte CSI U+009B), every character of the
 * Unicode category Cf (format: the bidirectional overrides and isolates such as U+202E, zero-width
 * characters, U+FEFF, tag characters), the line and paragraph separators U+2028 and U+2029, and
 * surrogates that do not form a pair. A terminal could act on any of these (move the cursor, set
 * the window title, write the clipboard) or use them to make the text look other than it is
 * (reversed, hidden, split over lines). Everything else, backslashes included, stays as it is,
 * so text that holds none of them is returned unchanged and escaping twice changes nothing more.
 * {@link #escapeLines(String)} applies the same rule but keeps line breaks and tabs.
 */
public final class DisplayText {

    private DisplayText() {
    }

    /**
     * The text with every control and format character replaced by <code>&#92;uXXXX</code>, or
     * <code>&#92;UXXXXXXXX</code> above U+FFFF; hexadecimal digits are upper case.
     *
     * @param text any text
     * @return the text, safe to print on one line
     * @throws NullPointerException if text is null
     */
    public static String escape(String text) {
        Objects.requireNonNull(text, "text");
        int i = 0;
        while (i < text.length() && !mustEscape(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            if (mustEscape(codePoint)) {
                appendEscape(out, codePoint);
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    /**
     * Like {@link #escape(String)}, but for text of several lines, such as a stack trace or a
     * command's output: a newline, a tab, and a carriage return directly followed by a newline
     * stay as they are; every other character {@link #mustEscape(int)} names is escaped, a
     * carriage return on its own included, since it could overwrite the line it ends.
     *
     * @param text any text
     * @return the text, safe to print as lines
     * @throws NullPointerException if text is null
     */
    public static String escapeLines(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (!mustEscape(codePoint) || keptInLines(codePoint, text, next)) {
                out.appendCodePoint(codePoint);
            } else {
                appendEscape(out, codePoint);
            }
            i = next;
        }
        return out.toString();
    }

    /** Whether text of several lines keeps this code point, which ends just before {@code next}. */
    private static boolean keptInLines(int codePoint, String text, int next) {
        return codePoint == '\n' || codePoint == '\t'
            || codePoint == '\r' && next < text.length() && text.charAt(next) == '\n';
    }

    /**
     * Whether a code point must not reach a terminal as it is: a C0 or C1 control, DEL, a format
     * character (category Cf), a line or paragraph separator, or a lone surrogate.
     *
     * @param codePoint a Unicode code point; a lone surrogate arrives as its own value
     * @return true if {@link #escape(String)} replaces it
     */
    public static boolean mustEscape(int codePoint) {
        if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
            || type == Character.SURROGATE;
    }

    /**
     * Appends <code>&#92;uXXXX</code> for a code point up to U+FFFF, else <code>&#92;UXXXXXXXX</code>: the escapes
     * of TOML basic strings, so a quoted value can be pasted back into a file.
     *
     * @param out where to append
     * @param codePoint the code point to write as an escape
     */
    public static void appendEscape(StringBuilder out, int codePoint) {
        if (codePoint <= 0xFFFF) {
            out.append(String.format("\\u%04X", codePoint));
        } else {
            out.append(String.format("\\U%08X", codePoint));
        }
    }
}
