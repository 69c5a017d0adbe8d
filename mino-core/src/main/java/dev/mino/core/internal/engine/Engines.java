package dev.mino.core.internal.engine;

import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one shared client per engine address in this JVM: clients pool connections, so sandboxes
 * of the same engine share one. They live as long as the class loader (a plugin that unloads
 * calls {@link #closeAll()}).
 */
public final class Engines {
    // Keyed by the whole address, not its uri(): two ssh engines with the same URI but another
    // CONTAINER_SSHKEY run different commands, and an OrbStack engine's uri() is only a description.
    private static final Map<EngineAddress, PodmanClient> CLIENTS = new ConcurrentHashMap<>();

    private Engines() {
    }

    /** The shared client for {@code address}. */
    public static PodmanClient client(EngineAddress address) {
        return CLIENTS.computeIfAbsent(address, a -> PodmanClient.create(a, PodmanClient.DEFAULT_CALL_TIMEOUT));
    }

    /** Closes every shared client, for hosts that unload the library. */
    public static void closeAll() {
        CLIENTS.values().forEach(PodmanClient::close);
        CLIENTS.clear();
    }
}
