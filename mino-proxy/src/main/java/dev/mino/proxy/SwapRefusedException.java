package dev.mino.proxy;

/**
 * A request that carries a placeholder the proxy will not swap (a form it cannot re-sign, a body
 * too large to hash). The proxy answers the sandbox with {@code 502} and this message, and sends
 * nothing on. The message names what was refused and never a credential.
 */
public final class SwapRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A refusal saying why, in words the sandbox may see. */
    public SwapRefusedException(String message) {
        super(message);
    }
}
