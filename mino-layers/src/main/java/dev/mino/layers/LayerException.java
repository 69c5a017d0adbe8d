package dev.mino.layers;

import java.util.Objects;

/**
 * A layer could not be named, found, read or composed.
 *
 * <p>The message says what failed; for a manifest it names the file, the key and what is
 * expected there. {@link #hint()} says what the user can do about it. This module cannot see
 * mino-core's exception hierarchy, so callers there translate this one into theirs.
 */
public class LayerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String hint;

    /** The hint of failures whose fix is in the manifest itself. */
    static final String MANIFEST_HINT = "Fix the value in layer.toml; images/README.md describes the layer format";

    /**
     * Creates an exception whose fix is to correct the manifest (the hint says so).
     *
     * @param message what failed
     */
    public LayerException(String message) {
        this(message, MANIFEST_HINT, null);
    }

    /**
     * Creates an exception with a hint.
     *
     * @param message what failed
     * @param hint what the user can do about it; empty when there is nothing useful to say
     */
    public LayerException(String message, String hint) {
        this(message, hint, null);
    }

    /**
     * Creates an exception with a hint and the failure that caused it.
     *
     * @param message what failed
     * @param hint what the user can do about it; empty when there is nothing useful to say
     * @param cause the underlying failure, or {@code null}
     */
    public LayerException(String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.hint = hint == null ? "" : hint;
    }

    /**
     * Returns what the user can do about the failure.
     *
     * @return the hint, empty when there is none
     */
    public String hint() {
        return hint;
    }
}
