/**
 * Network policy for sandboxes: the network modes, host:port egress rules, presets and the
 * firewall that enforces an allowlist. Pure logic with no dependencies.
 */
package dev.mino.network;
