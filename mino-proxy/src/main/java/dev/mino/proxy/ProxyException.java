package dev.mino.proxy;

import java.util.Objects;

/**
 * A failure of the credential proxy or of its certificate authority that the user can act on: a
 * state directory that is not private, a damaged key file, a host name that cannot have a
 * certificate.
 *
 * <p>{@link #getMessage()} says what is wrong and names the file or input; {@link #hint()} says
 * what to do about it. This module has no dependencies, so it cannot throw Mino's root exception;
 * mino-core wraps this one.
 */
public final class ProxyException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** What the user can do about it; never null. */
    private final String hint;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the offending file or input
     * @param hint what to do about it; may be empty but not null
     */
    public ProxyException(String message, String hint) {
        this(message, hint, null);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what is wrong, naming the offending file or input
     * @param hint what to do about it; may be empty but not null
     * @param cause the underlying failure, or null
     */
    public ProxyException(String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
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
