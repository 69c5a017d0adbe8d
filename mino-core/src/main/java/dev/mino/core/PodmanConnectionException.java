package dev.mino.core;

/** The Podman service could not be reached, or what answered is not a usable Podman. */
public class PodmanConnectionException extends MinoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was tried and how it failed
     * @param hint what to do about it
     * @param cause the underlying I/O failure, or null
     */
    public PodmanConnectionException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
