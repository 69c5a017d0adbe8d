package dev.mino.core;

/** A wait on a sandbox ended before what it waited for happened. */
public class SandboxTimeoutException extends MinoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not happen in time
     * @param hint what to do about it
     */
    public SandboxTimeoutException(String message, String hint) {
        super(message, hint);
    }
}
