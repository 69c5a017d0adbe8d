package dev.mino.core;

/**
 * A sandbox setting or argument is invalid. Settings are checked while the spec is built, before
 * anything is created, so nothing needs cleaning up.
 */
public class InvalidSpecException extends MinoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the setting and the value
     * @param hint what to write instead
     */
    public InvalidSpecException(String message, String hint) {
        super(message, hint);
    }

    /**
     * @param message what is wrong, naming the setting and the value
     * @param hint what to write instead
     * @param code the stable code of this kind of failure (see {@link MinoException#code()}), or null
     */
    public InvalidSpecException(String message, String hint, String code) {
        super(message, hint, null, code);
    }
}
