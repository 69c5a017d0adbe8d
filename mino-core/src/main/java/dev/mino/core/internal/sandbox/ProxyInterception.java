package dev.mino.core.internal.sandbox;

import dev.mino.network.InterceptTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the firewall of an allowlisted sandbox needs to hand connections to mino's credential
 * proxy: the host folder the proxy's sockets live in, mounted into the FIREWALL container only at
 * {@link dev.mino.network.EgressGuard#PROXY_FOLDER} (the JVM listens on its
 * {@link dev.mino.network.EgressGuard#PROXY_SOCKET}; the guard makes its
 * {@link dev.mino.network.EgressGuard#UPSTREAM_SOCKET}), and the destinations whose connections go
 * there. The folder must exist when the firewall starts, be the JVM user's, {@code 0700}, and be
 * reachable by the firewall's root (on a rootless engine that is the engine's user: a JVM running
 * as root beside another user's engine hands the folder to that user).
 *
 * @param folder the folder on the host, absolute
 * @param targets the intercepted destinations, at least one, each allowed by the sandbox's policy
 */
public record ProxyInterception(Path folder, List<InterceptTarget> targets) {
    /** Checks and copies. */
    public ProxyInterception {
        Objects.requireNonNull(folder, "folder");
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("the credential proxy's folder must be absolute: " + folder);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an interception needs at least one target");
        }
    }
}
