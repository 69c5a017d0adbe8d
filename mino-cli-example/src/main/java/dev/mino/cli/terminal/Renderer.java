package dev.mino.cli.terminal;

import dev.mino.core.text.DisplayText;
import java.io.PrintStream;
import java.util.regex.Pattern;

/**
 * Writes status lines in one of two styles: plain (SPEC 0.3: {@code [OK]}, {@code [WARN]},
 * {@code [FAIL]}, {@code [INFO]}), for logs and pipes, or fancy (symbols), for a person at a
 * terminal. Colour is separate from style: it needs the target stream to be a terminal. The text
 * of every line is escaped with {@link DisplayText#escapeLines(String)}, in both styles.
 */
public final class Renderer {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private static final String BOLD = "1";
    private static final String DIM = "2";
    private static final String RED = "31";
    private static final String GREEN = "32";
    private static final String YELLOW = "33";
    private static final String CYAN = "36";

    private final PrintStream out;
    private final boolean fancy;
    private final boolean colour;

    /**
     * @param out where to write
     * @param fancy symbols instead of bracketed words
     * @param colour ANSI colours
     */
    public Renderer(PrintStream out, boolean fancy, boolean colour) {
        this.out = out;
        this.fancy = fancy;
        this.colour = colour;
    }

    boolean colour() {
        return colour;
    }

    /** A title and a blank line. */
    public void intro(String title) {
        out.println(paint(safe(title), BOLD));
        out.println();
    }

    /** A heading between groups of lines. */
    public void section(String title) {
        out.println(paint(safe(title), BOLD));
    }

    public void ok(String message) {
        out.println("  " + mark("[OK]", "\u2713", GREEN) + " " + safe(message));
    }

    public void ok(String message, String detail) {
        ok(message + " (" + detail + ")");
    }

    public void warn(String message) {
        out.println("  " + mark("[WARN]", "!", YELLOW) + " " + safe(message));
    }

    public void warn(String message, String hint) {
        warn(hint == null || hint.isEmpty() ? message : message + " - " + hint);
    }

    public void fail(String message) {
        out.println("  " + mark("[FAIL]", "\u2717", RED) + " " + safe(message));
    }

    public void fail(String message, String detail) {
        fail(message + ": " + detail);
    }

    public void info(String message) {
        out.println("  " + mark("[INFO]", "i", CYAN) + " " + safe(message));
    }

    /** A step that was not tried because the one it depends on failed. */
    public void blocked(String name, String dependency) {
        out.println("  " + paint(safe("[-] " + name + " (requires " + dependency + ")"), DIM));
    }

    /** A quiet aside, such as a command to run. */
    public void remark(String message) {
        out.println("  " + paint(safe(message), DIM));
    }

    public void keyValue(String key, String value) {
        out.println("  " + safe(key + ": " + value));
    }

    public void outroOk(String message) {
        out.println();
        out.println(mark("[OK]", "\u2713", GREEN) + " " + safe(message));
    }

    public void outroWarn(String message) {
        out.println();
        out.println(mark("[WARN]", "!", YELLOW) + " " + safe(message));
    }

    /** The error report of SPEC 0.1: {@code Error: message}, then {@code Hint: hint} if there is one. */
    public void error(String message, String hint) {
        out.println(paint("Error:", RED + ";" + BOLD) + " " + safe(message));
        if (hint != null && !hint.isEmpty()) {
            out.println(paint("Hint:", YELLOW) + " " + safe(hint));
        }
    }

    /**
     * Messages can quote what a sandbox or Podman wrote (an error, a build's output): their
     * control characters are shown as escapes, so that only the renderer's own colours reach
     * the terminal as sequences.
     */
    private static String safe(String text) {
        return text == null ? null : DisplayText.escapeLines(text);
    }

    private String mark(String plain, String symbol, String code) {
        return paint(fancy ? symbol : plain, code);
    }

    /** Wraps text in an ANSI colour when colour is on. */
    String paint(String text, String code) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    public String bold(String text) {
        return paint(text, BOLD);
    }

    public String dim(String text) {
        return paint(text, DIM);
    }

    public String green(String text) {
        return paint(text, GREEN);
    }

    public String yellow(String text) {
        return paint(text, YELLOW);
    }

    public String red(String text) {
        return paint(text, RED);
    }

    /** How many columns text takes on screen: ANSI escapes take none. */
    static int displayWidth(String text) {
        String visible = ANSI.matcher(text).replaceAll("");
        return visible.codePointCount(0, visible.length());
    }

    /** Pads text with spaces to {@code width} columns, ignoring ANSI escapes. */
    public static String pad(String text, int width) {
        int missing = width - displayWidth(text);
        return missing > 0 ? text + " ".repeat(missing) : text;
    }
}
