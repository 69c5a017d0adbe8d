package dev.mino.core;

/**
 * Podman refused or failed a request. {@link #status()} is the HTTP status and {@link #podmanCause()}
 * Podman's own short cause (for example {@code no such container}); Podman answers 500 for many
 * not-found and conflict cases, so the subclasses are chosen by the cause, not by the status.
 */
public class PodmanException extends MinoException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String podmanCause;

    /**
     * @param message what failed, including Podman's message
     * @param hint what to do about it
     * @param status the HTTP status Podman answered with, or 0 when there was no answer
     * @param podmanCause Podman's {@code cause} field, or an empty string
     */
    public PodmanException(String message, String hint, int status, String podmanCause) {
        super(message, hint);
        this.status = status;
        this.podmanCause = podmanCause == null ? "" : podmanCause;
    }

    /** The HTTP status of Podman's answer, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Podman's short cause, for example {@code no such container}; empty when Podman gave none. */
    public String podmanCause() {
        return podmanCause;
    }
}
