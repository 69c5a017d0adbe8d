package dev.mino.network;

import java.util.Objects;

/**
 * A network setting that cannot be used: a malformed {@code host:port} rule, an unknown mode or
 * preset, or settings that contradict each other (such as {@code none} with an allowlist).
 *
 * <p>{@link #getMessage()} says what is wrong and names the offending input; {@link #hint()} says
 * what to do about it. This module has no dependencies, so it cannot throw Mino's root exception;
 * mino-core wraps this one and shows it as {@code Network policy conflict: <message>}, as mino
 * 1.6.0 does.
 */
public class NetworkPolicyException extends IllegalArgumentException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** What the user can do about it; never null. */
    private final String hint;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the offending input
     * @param hint what to do about it; may be empty but not null
     */
    public NetworkPolicyException(String message, String hint) {
        super(Objects.requireNonNull(message, "message"));
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /**
     * What the user can do about this failure.
     *
     * @return the hint; empty when there is nothing useful to say
     */
    public String hint() {
        return hint;
    }
}
