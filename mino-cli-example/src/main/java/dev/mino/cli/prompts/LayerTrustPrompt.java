package dev.mino.cli.prompts;

import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.text.DisplayText;
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
 *
 * <p>The sandbox writes these files, and it knows how they are shown: so every line is shown (a
 * cap would leave the tail, where a payload would go, unseen), a run of blank lines or of blanks
 * inside a line is shown by its length (so that padding cannot scroll a line off the screen or
 * push it past the terminal's width), and a long listing ends with the list of files again, right
 * above the question.
 */
public final class LayerTrustPrompt {
    static final String QUESTION = "Trust these layers and continue?";
    /** More blank lines in a row than this are shown as one line that counts them. */
    static final int MAX_BLANK_LINES = 2;
    /** More spaces or tabs in a row than this, inside a line, are shown as {@code \s{N}}. */
    static final int MAX_BLANKS = 16;
    /** A listing longer than this repeats the list of files above the question. */
    static final int SUMMARY_AFTER_LINES = 30;

    private LayerTrustPrompt() {
    }

    /** Shows the changes of {@code check} on stderr and asks; true for yes. */
    public static boolean ask(Io io, ProjectLayerTrust.Check check) {
        Renderer err = io.errRenderer();
        err.warn(title(check));
        List<String> body = body(check);
        for (String line : body) {
            io.stderr().println(line);
        }
        if (body.size() > SUMMARY_AFTER_LINES) {
            io.stderr().println("  The files above, to trust:");
            for (String line : summary(check)) {
                io.stderr().println(line);
            }
        }
        io.stderr().print("  " + QUESTION + " [y/N] ");
        io.stderr().flush();
        String answer = TerminalTrustPrompt.readLine(io.in()).trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    static String title(ProjectLayerTrust.Check check) {
        String dir = DisplayText.escape(check.layers().directory().toString());
        return check.earlier().isPresent()
            ? "The project's layers changed since you trusted them: " + dir
            : "Untrusted project layers: " + dir + " (their install scripts run as root when the image is built)";
    }

    /** The list of changed files, then the content of each added or changed one. */
    static List<String> body(ProjectLayerTrust.Check check) {
        LayerFingerprint.Changes changes = check.changes();
        List<String> lines = summary(check);
        List<String> shown = new ArrayList<>(changes.added());
        shown.addAll(changes.modified());
        shown.sort(null);
        for (String path : shown) {
            lines.add("  --- " + DisplayText.escape(path) + " ---");
            lines.addAll(content(check, path));
        }
        return lines;
    }

    /** One line per file added, changed or removed. */
    static List<String> summary(ProjectLayerTrust.Check check) {
        LayerFingerprint.Changes changes = check.changes();
        List<String> lines = new ArrayList<>();
        changes.added().forEach(path -> lines.add("    added:    " + DisplayText.escape(path) + size(check, path)));
        changes.modified().forEach(path -> lines.add("    changed:  " + DisplayText.escape(path) + size(check, path)));
        changes.removed().forEach(path -> lines.add("    removed:  " + DisplayText.escape(path)));
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
        int blank = 0;
        for (int i = 0; i < count; i++) {
            if (split[i].isBlank()) {
                blank++;
                continue;
            }
            addBlankLines(lines, blank);
            blank = 0;
            // Tabs stay for shrinkBlanks to count; every other control or format character is escaped.
            lines.add("    | " + shrinkBlanks(DisplayText.escapeLines(split[i])));
        }
        addBlankLines(lines, blank);
        return lines;
    }

    private static void addBlankLines(List<String> lines, int blank) {
        if (blank > MAX_BLANK_LINES) {
            lines.add("    ... " + blank + " blank lines");
        } else {
            for (int i = 0; i < blank; i++) {
                lines.add("    |");
            }
        }
    }

    /** A line with every run of more than {@link #MAX_BLANKS} spaces and tabs written as {@code \s{N}}. */
    static String shrinkBlanks(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            int end = i;
            while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
                end++;
            }
            if (end == i) {
                out.append(line.charAt(i++));
                continue;
            }
            if (end - i > MAX_BLANKS) {
                out.append("\\s{").append(end - i).append('}');
            } else {
                out.append(line, i, end);
            }
            i = end;
        }
        return out.toString();
    }
}
