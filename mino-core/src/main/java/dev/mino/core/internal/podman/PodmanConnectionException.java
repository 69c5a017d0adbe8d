package dev.mino.core.internal.podman;

import dev.mino.core.MinoException;

/** The Podman service could not be reached, or what answered is not a usable Podman. */
public final class PodmanConnectionException extends MinoException {
    private static final long serialVersionUID = 1L;

    public PodmanConnectionException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
