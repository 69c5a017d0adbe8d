package dev.mino.core.credentials;

import dev.mino.core.MinoException;

/** A provider could not mint its credential. The message names the provider; it never holds a secret. */
public class CredentialException extends MinoException {
    private static final long serialVersionUID = 1L;

    private final String provider;

    /**
     * @param provider the provider's name
     * @param message what failed, without secret values
     * @param hint what to do, for example {@code Run: aws configure}
     * @param cause the underlying failure, or null
     */
    public CredentialException(String provider, String message, String hint, Throwable cause) {
        super(message, hint, cause);
        this.provider = provider;
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }
}
