package dev.mino.network;

import java.util.Objects;
import java.util.Optional;

/**
 * A network setting that cannot be used: a malformed {@code host:port} rule, an unknown mode or
 * preset, or settings that contradict each other (such as {@code none} with an allowlist).
 *
 * <p>{@link #getMessage()} says what is wrong and names the offending input; {@link #hint()} says
 * what to do about it. This module has no dependencies, so it cannot throw Mino's root exception;
 * mino-core wraps this one and shows it as {@code Network policy conflict: <message>}, as mino
 * 1.6.0 does, keeping the {@link #code()}.
 */
public class NetworkPolicyException extends IllegalArgumentException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** What the user can do about it; never null. */
    private final String hint;

    /** The stable code of this kind of problem, or null. */
    private final String code;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the offending input
     * @param hint what to do about it; may be empty but not null
     */
    public NetworkPolicyException(String message, String hint) {
        this(message, hint, null);
    }

    /**
     * Creates the exception with a stable code.
     *
     * @param message what is wrong, naming the offending input
     * @param hint what to do about it; may be empty but not null
     * @param code the stable code of this kind of problem (one of {@link NetworkCodes}), or null
     */
    public NetworkPolicyException(String message, String hint, String code) {
        super(Objects.requireNonNull(message, "message"));
        this.hint = Objects.requireNonNull(hint, "hint");
        this.code = code;
    }

    /**
     * The stable code of this kind of problem, by which a caller may word it its own way.
     *
     * @return one of {@link NetworkCodes}; empty for a malformed rule, whose text names no option
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
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
