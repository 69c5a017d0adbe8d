package dev.mino.junit;

import dev.mino.core.MinoException;

/**
 * A sandbox that a test asked for with {@link MinoSandbox} could not be given to it: the
 * annotation's attributes or the customizer were rejected, the field or parameter cannot take a
 * sandbox, or the engine did not start it. Nothing made for the sandbox is left behind.
 *
 * <p>Test reports show an exception's message only, so the message here says where the sandbox
 * was asked for, what went wrong and what to do; {@link #hint()} has the last part alone. The
 * library's exception, when there is one, is the {@linkplain #getCause() cause}.
 */
public class SandboxStartException extends MinoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param where where the sandbox was asked for, for example {@code field 'db' of BuildTest}
     * @param problem what went wrong
     * @param hint what to do about it; may be empty but not null
     * @param cause the library's exception, or null
     */
    public SandboxStartException(String where, String problem, String hint, Throwable cause) {
        super("@MinoSandbox " + where + ": " + problem + (hint.isEmpty() ? "" : " (" + hint + ")"), hint, cause);
    }
}
