/**
 * The public API of Mino for the JVM: sandboxes that run a command in a hardened, rootless
 * Podman container, and the exceptions they report failures with.
 */
package dev.mino.core;
