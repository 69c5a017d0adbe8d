package dev.mino.proxy.internal;

/**
 * A request the proxy answers itself, with {@link #status()} and a short text the sandbox may see,
 * and then closes the connection. Never carries a header value or a credential.
 */
public final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** An answer with {@code status} saying {@code message}. */
    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
