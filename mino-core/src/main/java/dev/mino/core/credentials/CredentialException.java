package dev.mino.core.credentials;

import dev.mino.core.MinoException;

/** A provider could not mint its credential. The message names the provider; it never holds a secret. */
public class CredentialException extends MinoException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String warningCode;

    /**
     * @param provider the provider's name
     * @param message what failed, without secret values
     * @param hint what to do, for example {@code Run: aws configure}
     * @param cause the underlying failure, or null
     */
    public CredentialException(String provider, String message, String hint, Throwable cause) {
        this(provider, message, hint, cause, null);
    }

    /**
     * A failure of a kind with a stable code: when the start goes on without the credential, the
     * listener hears it as a {@link dev.mino.core.MinoEvent.Warning} with this code (by default
     * passed on to {@link dev.mino.core.SandboxListener#onWarning(String, String)}), once per
     * {@link dev.mino.core.Mino} and message.
     *
     * @param warningCode the kind, one of {@link dev.mino.core.WarningCodes}, or null
     */
    public CredentialException(String provider, String message, String hint, Throwable cause, String warningCode) {
        super(message, hint, cause);
        this.provider = provider;
        this.warningCode = warningCode;
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** The stable code of this kind of failure ({@link dev.mino.core.WarningCodes}), if it has one. */
    public java.util.Optional<String> warningCode() {
        return java.util.Optional.ofNullable(warningCode);
    }
}
