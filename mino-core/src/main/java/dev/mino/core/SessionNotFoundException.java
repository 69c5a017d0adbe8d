package dev.mino.core;

/**
 * A session asked for by name has no record, or its sandbox no longer exists (it was stopped,
 * removed, or swept after its JVM died). Lets callers tell "already gone" from a real failure.
 */
public class SessionNotFoundException extends MinoException {
    private static final long serialVersionUID = 1L;

    private final String session;

    /**
     * @param session the session's name
     * @param message what is missing
     * @param hint what to do
     */
    public SessionNotFoundException(String session, String message, String hint) {
        super(message, hint);
        this.session = session;
    }

    /** The session's name. */
    public String session() {
        return session;
    }
}
