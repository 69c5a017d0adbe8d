package dev.mino.core.internal.sandbox;

import dev.mino.core.internal.podman.PodmanClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Creates containers that mount two or more named volumes one at a time per engine. Podman
 * releases without the fix of containers/podman pull request 20329 (late 2023; Debian 12's 4.3.1
 * among them) lock a new container's named volumes one after the other in an order that is not
 * stable, and hold them while they create the container (issue 20313): two creates that share a
 * project's cache and home volume can each take one lock and wait for the other, and from then on
 * the service never answers anything that touches those volumes (listing containers or volumes
 * included) until it is restarted. Concurrent sandboxes of one project in one JVM did exactly that
 * in ReliabilityIT. Creating such containers one at a time removes the
 * cycle within this JVM; creates with at most one named volume take no second lock and stay
 * concurrent. Two JVMs starting sandboxes of one project at the same instant remain exposed on
 * such Podman versions.
 */
final class NamedVolumeCreates {
    private static final Map<String, Object> BY_ENGINE = new ConcurrentHashMap<>();

    private NamedVolumeCreates() {
    }

    /** Runs {@code create}, alone among this JVM's creates on the engine when it mounts several named volumes. */
    static <T> T create(PodmanClient client, int namedVolumes, Supplier<T> create) {
        if (namedVolumes < 2) {
            return create.get();
        }
        synchronized (BY_ENGINE.computeIfAbsent(client.address().uri(), uri -> new Object())) {
            return create.get();
        }
    }
}
