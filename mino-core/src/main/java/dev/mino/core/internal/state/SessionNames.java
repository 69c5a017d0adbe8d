package dev.mino.core.internal.state;

import dev.mino.core.MinoException;
import java.util.UUID;

/**
 * Rules for session names. A name becomes a file name under {@code <state>/sessions}, so only
 * ASCII letters, digits, hyphens and underscores are allowed, at most {@value #MAX_LENGTH} of them.
 */
public final class SessionNames {

    /** The longest name accepted; longer ones make unwieldy file and container names. */
    public static final int MAX_LENGTH = 64;

    private static final String ALLOWED_HINT =
        "Use only ASCII letters, digits, hyphens (-) and underscores (_), for example 'my-session_2'";

    private SessionNames() {
    }

    /**
     * Checks a user-given session name.
     *
     * @return the name, unchanged
     * @throws MinoException saying what is wrong with the name, with a hint
     */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new MinoException("Session name cannot be empty",
                "Give a name made of letters, digits, hyphens and underscores, or leave it out to get a generated one");
        }
        if (name.length() > MAX_LENGTH) {
            throw new MinoException("Invalid session name '" + shown(name.substring(0, MAX_LENGTH)) + "...': "
                + name.length() + " characters is more than the limit of " + MAX_LENGTH,
                "Use a name of at most " + MAX_LENGTH + " characters");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.indexOf('\0') >= 0) {
            throw new MinoException("Invalid session name '" + shown(name) + "': must not contain path separators or '..'",
                ALLOWED_HINT);
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isAllowed(name.charAt(i))) {
                throw new MinoException("Invalid session name '" + shown(name)
                    + "': must contain only alphanumeric characters, hyphens, or underscores", ALLOWED_HINT);
            }
        }
        return name;
    }

    /** Whether {@link #validate(String)} would accept the name. */
    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (MinoException e) {
            return false;
        }
    }

    /** A fresh name: {@code session-} followed by the first 8 hex digits of a random UUID. */
    public static String generate() {
        return "session-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    // Control characters are escaped so that an error message stays on one printable line.
    private static String shown(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
