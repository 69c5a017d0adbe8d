package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coded warnings one {@link MinoRuntime} (one {@code Mino}) has told: each kind once (and per
 * engine or message, as the caller's key says), however many sandboxes start. A warning that
 * comes with every start, and is true of the host rather than of one sandbox, teaches users to
 * skip warnings when repeated. Kept per Mino, not per JVM, so that a second Mino (a plugin loaded
 * again, another tool in the same IDE) tells its own listener too.
 */
public final class WarnedOnce {
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /** None told yet. */
    public WarnedOnce() {
    }

    /**
     * Tells {@code listener} the warning {@code code} with {@code message}, unless one of that code
     * and {@code scope} (an engine's address, say) was told already.
     *
     * @return true when it was told now
     */
    public boolean tell(SandboxListener listener, String code, String scope, String message) {
        if (!told.add(code + '\n' + scope)) {
            return false;
        }
        listener.onEvent(new MinoEvent.Warning(code, message));
        return true;
    }
}
