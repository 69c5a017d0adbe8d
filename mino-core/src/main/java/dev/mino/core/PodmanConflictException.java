package dev.mino.core;

/**
 * A request conflicts with the current state: a name already in use, an object in use by a
 * container, or a container in the wrong state for the operation.
 */
public class PodmanConflictException extends PodmanException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what conflicts
     * @param hint what to do about it
     * @param status the HTTP status
     * @param podmanCause Podman's cause
     */
    public PodmanConflictException(String message, String hint, int status, String podmanCause) {
        super(message, hint, status, podmanCause);
    }
}
