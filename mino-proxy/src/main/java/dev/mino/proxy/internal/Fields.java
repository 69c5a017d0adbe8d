package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header (or trailer) fields of one HTTP/1.1 message, in order, names compared without
 * regard to case. Parsing is strict: no line folding, no space before the colon, no control
 * characters in a value, bounded size and count.
 */
final class Fields {
    /** The most bytes all header lines of a message may take. */
    static final int MAX_BYTES = 64 * 1024;
    /** The most fields one message may have. */
    static final int MAX_COUNT = 256;

    private final List<String[]> fields = new ArrayList<>();

    /**
     * Reads field lines up to the empty line that ends them.
     *
     * @param bad the status for a malformed field (400 for a request, 502 for a response)
     * @param tooLarge the status for fields too large (431 for a request, 502 for a response)
     */
    static Fields read(HttpInput in, int bad, int tooLarge) throws IOException, HttpError {
        Fields result = new Fields();
        int budget = MAX_BYTES;
        while (true) {
            String line;
            try {
                line = in.readLine(budget, tooLarge);
            } catch (HttpError e) {
                throw e.status() == tooLarge ? e : new HttpError(bad, e.getMessage());
            }
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return result;
            }
            if (result.fields.size() >= MAX_COUNT) {
                throw new HttpError(tooLarge, "too many header fields");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new HttpError(bad, "a header field is folded over lines (obsolete line folding)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpError(bad, "a header field has no valid name");
            }
            String value = trim(line.substring(colon + 1));
            if (!isValue(value)) {
                throw new HttpError(bad, "a header field's value holds a control character");
            }
            result.fields.add(new String[] {line.substring(0, colon), value});
        }
    }

    /** Whether {@code text} is a non-empty token ({@code tchar}s of RFC 9110). */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} may be a field value: tabs, visible ASCII, spaces and obs-text bytes. */
    static boolean isValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                values.add(field[1]);
            }
        }
        return values;
    }

    List<String[]> copy() {
        List<String[]> copy = new ArrayList<>(fields.size());
        for (String[] field : fields) {
            copy.add(new String[] {field[0], field[1]});
        }
        return copy;
    }

    /** Replaces every field {@code name} by one, at the place of the first (or last when new). */
    void set(String name, String value) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("not a header field name: " + Lines.printable(name));
        }
        if (value == null || !isValue(value) || !value.equals(trim(value))) {
            throw new IllegalArgumentException("not a valid value for header field " + name);
        }
        int at = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i)[0].equalsIgnoreCase(name)) {
                at = i;
                break;
            }
        }
        remove(name);
        if (at < 0) {
            fields.add(new String[] {name, value});
        } else {
            fields.add(at, new String[] {name, value});
        }
    }

    void remove(String name) {
        fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    }

    /** Whether a comma-separated field {@code name} lists {@code token} (e.g. Connection: close). */
    boolean lists(String name, String token) {
        for (String value : values(name)) {
            for (String item : value.split(",", -1)) {
                if (item.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the fields and the empty line that ends them. */
    void writeTo(ByteArrayOutputStream out) {
        for (String[] field : fields) {
            out.writeBytes(HttpInput.line(field[0] + ": " + field[1]));
        }
        out.writeBytes(HttpInput.line(""));
    }

    /** A snapshot for comparing: the values of {@code name}, in order. */
    String signature(String name) {
        return String.join("\n", values(name));
    }
}
