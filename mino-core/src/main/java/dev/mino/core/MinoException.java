package dev.mino.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of every exception Mino throws. Each one says what went wrong ({@link #getMessage()})
 * and, separately, what the caller can do about it ({@link #hint()}), so that a CLI or an IDE can
 * show both.
 *
 * <p>The texts name the library's own builder methods and configuration keys, never a command
 * line's flags. Where a program that embeds Mino may want to say a failure its own way (a command
 * line naming its flags, say), the exception carries a stable {@link #code()}, one of
 * {@link ErrorCodes}; the texts may be reworded, the code never changes.
 */
public class MinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;
    private final String code;

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
        this(message, hint, cause, null);
    }

    /**
     * @param message what went wrong, in one sentence
     * @param hint what to do about it; may be empty but not null
     * @param cause the underlying failure, or null
     * @param code the stable code of this kind of failure (see {@link ErrorCodes}), or null for none
     */
    public MinoException(String message, String hint, Throwable cause, String code) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.hint = Objects.requireNonNull(hint, "hint");
        this.code = code;
    }

    /**
     * The stable code of this kind of failure, when it has one: one of {@link ErrorCodes}, or of
     * {@code dev.mino.network.NetworkCodes} for a network setting that cannot be used.
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
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
