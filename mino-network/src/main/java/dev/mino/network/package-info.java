/**
 * Network policy for sandboxes: the network modes, host:port egress rules, presets and the
 * firewall that enforces an allowlist. Pure logic with no dependencies.
 *
 * <p>{@link dev.mino.network.NetworkPolicy} is the value a sandbox is given. {@link
 * dev.mino.network.NetworkResolver} chooses it from command-line options and config, {@link
 * dev.mino.network.PresetCatalog} holds the presets, completed at run time by {@link
 * dev.mino.network.RegistryHosts} from the user's own npm and Maven configuration, and {@link
 * dev.mino.network.EgressGuard} is the program the firewall container runs in the sandbox's
 * network namespace (the rules, the sandbox's only resolver, the denial reports), so the sandbox
 * itself never holds {@code NET_ADMIN}; it reports {@link dev.mino.network.EgressEvent}s. Bad input
 * is reported as {@link dev.mino.network.NetworkPolicyException}.
 */
package dev.mino.network;
