package dev.mino.core.internal.sandbox;

import dev.mino.core.MinoEvent;
import dev.mino.core.SandboxListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coded warnings this JVM has told: each kind once per JVM (and per engine or message, as the
 * caller's key says), however many sandboxes start. A warning that comes with every start, and is
 * true of the host rather than of one sandbox, teaches users to skip warnings when repeated.
 */
public final class WarnedOnce {
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private WarnedOnce() {
    }

    /**
     * Tells {@code listener} the warning {@code code} with {@code message}, unless this JVM
     * already told one of that code and {@code scope} (an engine's address, say).
     *
     * @return true when it was told now
     */
    public static boolean tell(SandboxListener listener, String code, String scope, String message) {
        if (!TOLD.add(code + '\n' + scope)) {
            return false;
        }
        listener.onEvent(new MinoEvent.Warning(code, message));
        return true;
    }
}
