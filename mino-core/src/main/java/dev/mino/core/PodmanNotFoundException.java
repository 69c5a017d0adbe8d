package dev.mino.core;

/** What a request named (a container, image, volume, secret, network or exec session) does not exist. */
public class PodmanNotFoundException extends PodmanException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was not found
     * @param hint what to do about it
     * @param status the HTTP status
     * @param podmanCause Podman's cause
     */
    public PodmanNotFoundException(String message, String hint, int status, String podmanCause) {
        super(message, hint, status, podmanCause);
    }
}
