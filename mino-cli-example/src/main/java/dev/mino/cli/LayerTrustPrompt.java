package dev.mino.cli;

import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.layers.LayerFingerprint;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asks at the terminal whether to trust a project's layers ({@code .mino/layers}), showing what
 * changed since they were last trusted: the files added, changed and removed, then the text of
 * every added or changed file, since an install script runs as root when the image is built.
 * Every control and format character is shown escaped, so a file cannot move the cursor, clear
 * the screen or reorder the text it is shown in. Only y or yes says yes.
 */
final class LayerTrustPrompt {
    static final String QUESTION = "Trust these layers and continue?";
    /** Lines shown of one file; the rest is counted, and the file's path says where to read it. */
    static final int MAX_LINES_PER_FILE = 200;

    private LayerTrustPrompt() {
    }

    /** Shows the changes of {@code check} on stderr and asks; true for yes. */
    static boolean ask(Io io, ProjectLayerTrust.Check check) {
        Renderer err = io.errRenderer();
        err.warn(title(check));
        for (String line : body(check)) {
            io.stderr().println(line);
        }
        io.stderr().print("  " + QUESTION + " [y/N] ");
        io.stderr().flush();
        String answer = TerminalTrustPrompt.readLine(io.in()).trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    static String title(ProjectLayerTrust.Check check) {
        String dir = escape(check.layers().directory().toString());
        return check.earlier().isPresent()
            ? "The project's layers changed since you trusted them: " + dir
            : "Untrusted project layers: " + dir + " (their install scripts run as root when the image is built)";
    }

    /** The list of changed files, then the content of each added or changed one. */
    static List<String> body(ProjectLayerTrust.Check check) {
        LayerFingerprint.Changes changes = check.changes();
        List<String> lines = new ArrayList<>();
        changes.added().forEach(path -> lines.add("    added:    " + escape(path) + size(check, path)));
        changes.modified().forEach(path -> lines.add("    changed:  " + escape(path) + size(check, path)));
        changes.removed().forEach(path -> lines.add("    removed:  " + escape(path)));
        List<String> shown = new ArrayList<>(changes.added());
        shown.addAll(changes.modified());
        shown.sort(null);
        for (String path : shown) {
            lines.add("  --- " + escape(path) + " ---");
            lines.addAll(content(check, path));
        }
        return lines;
    }

    private static String size(ProjectLayerTrust.Check check, String path) {
        return " (" + check.layers().content(path).map(c -> c.length).orElse(0) + " bytes)";
    }

    private static List<String> content(ProjectLayerTrust.Check check, String path) {
        byte[] bytes = check.layers().content(path).orElse(new byte[0]);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return List.of("    (not UTF-8 text, " + bytes.length + " bytes)");
        }
        List<String> lines = new ArrayList<>();
        String[] split = text.split("\n", -1);
        int count = text.endsWith("\n") ? split.length - 1 : split.length;
        for (int i = 0; i < Math.min(count, MAX_LINES_PER_FILE); i++) {
            lines.add("    | " + escape(split[i]));
        }
        if (count > MAX_LINES_PER_FILE) {
            lines.add("    ... " + (count - MAX_LINES_PER_FILE) + " more lines; read "
                + escape(check.layers().directory().resolve(path).toString()));
        }
        return lines;
    }

    /**
     * The text with every control character (C0 but tab, DEL, C1) and every format character
     * (bidirectional overrides, zero-width characters) written as {@code \\u} and four hex digits.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if ((Character.isISOControl(c) && c != '\t') || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
