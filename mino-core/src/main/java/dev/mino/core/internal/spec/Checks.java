package dev.mino.core.internal.spec;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.text.DisplayText;
import java.util.regex.Pattern;

/** The validation rules shared by the builder's setters, each failing with what to write instead. */
public final class Checks {
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Long enough for any real value, short enough that a runaway string is caught early. */
    static final int MAX_VALUE_LENGTH = 128 * 1024;

    private Checks() {
    }

    /** An environment variable name: letters, digits and underscores, not starting with a digit. */
    public static String envKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidSpecException("environment variable name is empty",
                "give a name such as MY_VAR (letters, digits and underscores)");
        }
        if (key.length() > 256 || !ENV_KEY.matcher(key).matches()) {
            throw new InvalidSpecException("environment variable name '" + printable(key) + "' is invalid",
                "use letters, digits and underscores only, not starting with a digit, and no '='");
        }
        return key;
    }

    /** An environment variable value: any text without NUL or line breaks. */
    public static String envValue(String key, String value) {
        if (value == null) {
            throw new InvalidSpecException("environment variable " + key + " has no value (null)",
                "pass an empty string for an empty value");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidSpecException("environment variable " + key + " is " + value.length()
                + " characters long, more than " + MAX_VALUE_LENGTH, "pass large data as a mounted file instead");
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new InvalidSpecException("environment variable " + key + " contains a NUL or a line break",
                "pass multi-line data as a mounted file instead");
        }
        return value;
    }

    /** A command argument: any text without NUL (the kernel cannot pass one). */
    public static String argument(String arg) {
        if (arg == null) {
            throw new InvalidSpecException("command argument is null", "pass an empty string for an empty argument");
        }
        if (arg.indexOf('\0') >= 0) {
            throw new InvalidSpecException("command argument '" + printable(arg) + "' contains a NUL character",
                "remove the NUL; a process argument cannot contain one");
        }
        if (arg.length() > MAX_VALUE_LENGTH) {
            throw new InvalidSpecException("a command argument is " + arg.length() + " characters long, more than "
                + MAX_VALUE_LENGTH, "pass large data through stdin or a mounted file");
        }
        return arg;
    }

    /** An absolute, normalized container path that is not the root itself. */
    public static String containerPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidSpecException("container path is empty", "give an absolute path such as /data");
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0 || path.indexOf(',') >= 0 || path.indexOf(':') >= 0) {
            throw new InvalidSpecException("container path '" + printable(path)
                + "' contains a NUL, line break, ',' or ':'", "use a plain absolute path such as /data");
        }
        if (!path.startsWith("/")) {
            throw new InvalidSpecException("container path '" + printable(path) + "' is not absolute",
                "start it with /, for example /" + path);
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new InvalidSpecException("container path '" + printable(path) + "' contains '" + part + "'",
                    "write the path without . or .. components");
            }
        }
        String normalized = path.replaceAll("/+", "/");
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        if (normalized.equals("/")) {
            throw new InvalidSpecException("container path '/' would hide the whole image",
                "mount below the root, for example /data");
        }
        if (normalized.length() > 4096) {
            throw new InvalidSpecException("container path is longer than 4096 characters", "use a shorter path");
        }
        return normalized;
    }

    /**
     * Makes a value safe to quote in an error message: every character {@link DisplayText#mustEscape(int)}
     * names shown as its escape, cut after 80 characters. The cut falls between whole code points
     * and escapes, so it never leaves half of a surrogate pair or of an escape.
     */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length() && out.length() < 80) {
            int codePoint = value.codePointAt(i);
            if (DisplayText.mustEscape(codePoint)) {
                DisplayText.appendEscape(out, codePoint);
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        if (i < value.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
