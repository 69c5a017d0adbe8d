package dev.mino.network;

/** How a sandbox reaches the network. */
public enum NetworkMode {
    /** Podman's default bridge network: any destination is reachable. The default mode. */
    BRIDGE,
    /** The host's own network namespace: the sandbox sees the host's interfaces and ports. */
    HOST,
    /** No network at all: only a loopback interface. */
    NONE,
    /**
     * The bridge network behind an egress firewall that lets through only DNS and the
     * destinations of an allowlist.
     */
    ALLOWLIST
}
