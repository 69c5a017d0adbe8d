package dev.mino.core;

import java.util.Objects;

/**
 * The root of every exception Mino throws. Each one says what went wrong ({@link #getMessage()})
 * and, separately, what the caller can do about it ({@link #hint()}), so that a CLI or an IDE can
 * show both.
 */
public class MinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    /**
     * @param message what went wrong, in one sentence
     * @param hint what to do about it; may be empty but not null
     */
    public MinoException(String message, String hint) {
        this(message, hint, null);
    }

    /**
     * @param message what went wrong, in one sentence
     * @param hint what to do about it; may be empty but not null
     * @param cause the underlying failure, or null
     */
    public MinoException(String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /** What the caller can do about this failure; empty when there is nothing useful to say. */
    public String hint() {
        return hint;
    }

    /** The message followed by the hint, for logs and terminals. */
    public String describe() {
        return hint.isEmpty() ? getMessage() : getMessage() + " (" + hint + ")";
    }
}
