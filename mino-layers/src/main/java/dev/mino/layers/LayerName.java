package dev.mino.layers;

/**
 * The rules for a layer name.
 *
 * <p>A name becomes a directory under {@code .mino/layers/} or the user's config directory, a
 * file name in the build context and a marker file in the container's home, so it must not
 * be able to reach outside any of those.
 */
public final class LayerName {

    /** The longest accepted name; longer names only ever come from typos or abuse. */
    public static final int MAX_LENGTH = 64;

    private static final String HINT =
            "Layer names use only letters, digits, '-' and '_', at most " + MAX_LENGTH + " characters";

    private LayerName() {
    }

    /**
     * Checks a layer name.
     *
     * @param name the name to check
     * @return {@code name}, unchanged
     * @throws LayerException if the name is empty, contains a path separator, {@code ..}, NUL or
     *     any character outside {@code [A-Za-z0-9_-]}, or is longer than {@link #MAX_LENGTH}
     */
    public static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new LayerException(problem, HINT);
        }
        return name;
    }

    /**
     * Tells whether a layer name is acceptable.
     *
     * @param name the name to check
     * @return {@code true} if {@link #requireValid(String)} would accept it
     */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** Returns the spec's message for a bad name, or null when the name is fine. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "Layer name cannot be empty";
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.indexOf('\0') >= 0) {
            return "Invalid layer name '" + name + "': must not contain path separators or '..'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return "Invalid layer name '" + name
                        + "': must contain only alphanumeric characters, hyphens, or underscores";
            }
        }
        if (name.length() > MAX_LENGTH) {
            return "Invalid layer name '" + name + "': must be at most " + MAX_LENGTH + " characters";
        }
        return null;
    }
}
