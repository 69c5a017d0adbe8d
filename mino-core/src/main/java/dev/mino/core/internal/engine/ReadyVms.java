package dev.mino.core.internal.engine;

import dev.mino.core.internal.podman.EngineAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OrbStack VMs one Mino has made ready: later discoveries only ping them, since checking a VM
 * runs a dozen {@code orb} commands. One per Mino, so that a second Mino checks the VM afresh.
 */
public final class ReadyVms {
    private final Map<Key, EngineAddress> ready = new ConcurrentHashMap<>();

    /** None ready yet. */
    public ReadyVms() {
    }

    Optional<EngineAddress> get(Path orb, String vm) {
        return Optional.ofNullable(ready.get(new Key(orb, vm)));
    }

    void put(Path orb, String vm, EngineAddress address) {
        ready.put(new Key(orb, vm), address);
    }

    private record Key(Path orb, String vm) {
    }
}
