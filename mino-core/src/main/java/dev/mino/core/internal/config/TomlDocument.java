package dev.mino.core.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A line-level view of a TOML file that can change or remove one key and leave every other byte
 * as it was: comments, blank lines, key order, quoting and the layout of other values.
 *
 * <p>It scans just enough TOML to know where each table header and each {@code key = value}
 * entry starts and ends, including values spanning lines (arrays, multi-line strings). It expects
 * text that a full parser has already accepted; when it meets something it does not understand
 * it throws {@link UnsupportedEdit}, and {@code ConfigEditor} re-parses every result and compares
 * it with the intended tree, so an edit it gets wrong is never written.
 */
public final class TomlDocument {

    /** The document cannot be edited here without rewriting it; the message says why. */
    public static final class UnsupportedEdit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedEdit(String message) {
            super(message);
        }
    }

    // A key/value entry: its table (from the last header), the key as written, and offsets into
    // the text. lineStart..lineEnd covers the whole entry including indentation, a trailing
    // comment and the line break; valueStart..valueEnd covers the value alone.
    private record Entry(List<String> table, List<String> key, boolean inArrayTable, int lineStart, int keyStart,
        int valueStart, int valueEnd, int lineEnd) {

        List<String> fullPath() {
            List<String> path = new ArrayList<>(table);
            path.addAll(key);
            return path;
        }
    }

    private record Header(List<String> path, boolean arrayTable, int lineStart, int lineEnd) {
    }

    private final String text;
    private final String newline;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Header> headers = new ArrayList<>();
    private int pos;

    private TomlDocument(String text) {
        this.text = text;
        this.newline = text.contains("\r\n") ? "\r\n" : "\n";
        scan();
    }

    /**
     * Scans the text.
     *
     * @throws UnsupportedEdit when the text holds syntax this scanner does not follow
     */
    public static TomlDocument of(String text) {
        return new TomlDocument(text);
    }

    /**
     * The text with the key set to the value: an existing entry's value is replaced in place
     * (keeping its key spelling and trailing comment); a new entry goes after its last sibling,
     * else at the end of its table's section, else into a new section at the end of the file.
     *
     * @param path the full key path, at least two parts long (a table and a key)
     * @param literal the value as TOML text
     * @throws UnsupportedEdit when the key lives in an inline table or an array of tables
     */
    public String set(List<String> path, String literal) {
        Optional<Entry> existing = find(path);
        if (existing.isPresent()) {
            Entry entry = existing.get();
            return text.substring(0, entry.valueStart()) + literal + text.substring(entry.valueEnd());
        }
        rejectInlineAncestor(path);
        List<String> parent = path.subList(0, path.size() - 1);
        Entry sibling = null;
        for (Entry entry : entries) {
            List<String> full = entry.fullPath();
            if (!entry.inArrayTable() && full.subList(0, full.size() - 1).equals(parent)) {
                sibling = entry;
            }
        }
        if (sibling != null) {
            String indent = text.substring(sibling.lineStart(), sibling.keyStart());
            String line = indent + TomlText.dottedKey(path.subList(sibling.table().size(), path.size())) + " = "
                + literal + newline;
            return insertAfterLine(sibling.lineEnd(), line);
        }
        for (int i = 0; i < headers.size(); i++) {
            Header header = headers.get(i);
            if (!header.arrayTable() && header.path().equals(parent)) {
                int sectionEnd = i + 1 < headers.size() ? headers.get(i + 1).lineStart() : text.length();
                int at = endOfLastContentLine(header.lineEnd(), sectionEnd);
                return insertAfterLine(at, TomlText.key(path.get(path.size() - 1)) + " = " + literal + newline);
            }
        }
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty()) {
            if (!text.endsWith("\n")) {
                out.append(newline);
            }
            out.append(newline);
        }
        out.append('[').append(TomlText.dottedKey(parent)).append(']').append(newline)
            .append(TomlText.key(path.get(path.size() - 1))).append(" = ").append(literal).append(newline);
        return out.toString();
    }

    /**
     * The text without the key's entry (its whole line or lines); the text unchanged when the
     * key is not there.
     *
     * @throws UnsupportedEdit when the key lives in an inline table or an array of tables
     */
    public String remove(List<String> path) {
        Optional<Entry> existing = find(path);
        if (existing.isEmpty()) {
            rejectInlineAncestor(path);
            return text;
        }
        Entry entry = existing.get();
        return text.substring(0, entry.lineStart()) + text.substring(entry.lineEnd());
    }

    private Optional<Entry> find(List<String> path) {
        for (Entry entry : entries) {
            if (entry.fullPath().equals(path)) {
                if (entry.inArrayTable()) {
                    throw new UnsupportedEdit("it is inside an array of tables");
                }
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private void rejectInlineAncestor(List<String> path) {
        for (Entry entry : entries) {
            List<String> full = entry.fullPath();
            if (full.size() < path.size() && path.subList(0, full.size()).equals(full)) {
                throw new UnsupportedEdit(TomlText.dottedKey(full) + " is written as an inline value");
            }
        }
    }

    // Inserts at a line boundary; if the position is the end of a file without a final line
    // break, one is added first so the new line does not join the last one.
    private String insertAfterLine(int at, String line) {
        String before = text.substring(0, at);
        if (!before.isEmpty() && !before.endsWith("\n")) {
            before += newline;
        }
        return before + line + text.substring(at);
    }

    // The end (after the line break) of the last line between from and to that is not blank,
    // so a new entry follows the section's entries and comments rather than the blank lines
    // that separate it from the next section.
    private int endOfLastContentLine(int from, int to) {
        int result = from;
        int lineStart = from;
        while (lineStart < to) {
            int lineEnd = text.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 || lineEnd >= to ? to : lineEnd + 1;
            if (!text.substring(lineStart, lineEnd).isBlank()) {
                result = lineEnd;
            }
            lineStart = lineEnd;
        }
        return result;
    }

    // ---- scanning ----

    private void scan() {
        List<String> table = List.of();
        boolean arrayTable = false;
        while (pos < text.length()) {
            int lineStart = pos;
            skipSpaces();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                endOfLine();
                continue;
            }
            if (c == '#') {
                skipComment();
                endOfLine();
                continue;
            }
            if (c == '[') {
                pos++;
                boolean array = peek('[');
                if (array) {
                    pos++;
                }
                List<String> path = readKey();
                expect(']');
                if (array) {
                    expect(']');
                }
                finishLine();
                headers.add(new Header(path, array, lineStart, pos));
                table = path;
                arrayTable = array;
                continue;
            }
            int keyStart = pos;
            List<String> key = readKey();
            expect('=');
            skipSpaces();
            int valueStart = pos;
            skipValue();
            int valueEnd = pos;
            finishLine();
            entries.add(new Entry(table, key, arrayTable, lineStart, keyStart, valueStart, valueEnd, pos));
        }
    }

    private List<String> readKey() {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            parts.add(readKeyPart());
            skipSpaces();
            if (!peek('.')) {
                return parts;
            }
            pos++;
        }
    }

    private String readKeyPart() {
        if (pos >= text.length()) {
            throw unsupported("a key");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return readBasicString();
        }
        if (c == '\'') {
            int end = text.indexOf('\'', pos + 1);
            if (end < 0) {
                throw unsupported("the end of a literal key");
            }
            String part = text.substring(pos + 1, end);
            pos = end + 1;
            return part;
        }
        int start = pos;
        while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw unsupported("a key");
        }
        return text.substring(start, pos);
    }

    private String readBasicString() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'f' -> out.append('\f');
                    case 'r' -> out.append('\r');
                    case 'e' -> out.append('\u001b');
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'x' -> out.appendCodePoint(hex(2));
                    case 'u' -> out.appendCodePoint(hex(4));
                    case 'U' -> out.appendCodePoint(hex(8));
                    default -> throw unsupported("a known escape sequence");
                }
            } else if (c == '\n') {
                break;
            } else {
                out.append(c);
            }
        }
        throw unsupported("the end of a quoted key");
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw unsupported("an escape sequence");
        }
        try {
            int value = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return value;
        } catch (NumberFormatException e) {
            throw unsupported("an escape sequence");
        }
    }

    private void skipValue() {
        if (pos >= text.length()) {
            throw unsupported("a value");
        }
        char c = text.charAt(pos);
        if (text.startsWith("\"\"\"", pos)) {
            skipMultiLineString("\"\"\"", true);
        } else if (text.startsWith("'''", pos)) {
            skipMultiLineString("'''", false);
        } else if (c == '"') {
            skipSingleLineString('"', true);
        } else if (c == '\'') {
            skipSingleLineString('\'', false);
        } else if (c == '[') {
            pos++;
            while (true) {
                skipBlanksAndComments();
                if (peek(']')) {
                    pos++;
                    return;
                }
                skipValue();
                skipBlanksAndComments();
                if (peek(',')) {
                    pos++;
                } else if (peek(']')) {
                    pos++;
                    return;
                } else {
                    throw unsupported("',' or ']' in an array");
                }
            }
        } else if (c == '{') {
            pos++;
            while (true) {
                skipBlanksAndComments();
                if (peek('}')) {
                    pos++;
                    return;
                }
                readKey();
                expect('=');
                skipSpaces();
                skipValue();
                skipBlanksAndComments();
                if (peek(',')) {
                    pos++;
                } else if (peek('}')) {
                    pos++;
                    return;
                } else {
                    throw unsupported("',' or '}' in an inline table");
                }
            }
        } else {
            // Numbers, booleans, date-times (which may hold one space) and inf/nan.
            int start = pos;
            while (pos < text.length() && ",]}#\r\n".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            while (pos > start && (text.charAt(pos - 1) == ' ' || text.charAt(pos - 1) == '\t')) {
                pos--;
            }
            if (pos == start) {
                throw unsupported("a value");
            }
        }
    }

    private void skipSingleLineString(char quote, boolean escapes) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return;
            }
            if (c == '\\' && escapes) {
                pos++;
            } else if (c == '\n') {
                break;
            }
        }
        throw unsupported("the end of a string");
    }

    private void skipMultiLineString(String delimiter, boolean escapes) {
        pos += 3;
        while (pos < text.length()) {
            if (escapes && text.charAt(pos) == '\\') {
                pos += 2;
                continue;
            }
            if (text.startsWith(delimiter, pos)) {
                pos += 3;
                // Up to two quote characters right before the closing delimiter belong to the content.
                for (int extra = 0; extra < 2 && pos < text.length() && text.charAt(pos) == delimiter.charAt(0); extra++) {
                    pos++;
                }
                return;
            }
            pos++;
        }
        throw unsupported("the end of a multi-line string");
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    // After a header or a value: spaces, an optional comment, then the line break or the end.
    private void finishLine() {
        skipSpaces();
        if (peek('#')) {
            skipComment();
        }
        if (pos < text.length() && text.charAt(pos) != '\r' && text.charAt(pos) != '\n') {
            throw unsupported("the end of the line");
        }
        endOfLine();
    }

    private void endOfLine() {
        if (peek('\r')) {
            pos++;
        }
        if (peek('\n')) {
            pos++;
        }
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (!peek(c)) {
            throw unsupported("'" + c + "'");
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private UnsupportedEdit unsupported(String expected) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new UnsupportedEdit("expected " + expected + " at line " + line);
    }
}
