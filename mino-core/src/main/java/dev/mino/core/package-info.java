/**
 * The public API of Mino for the JVM: sandboxes that run a command in a hardened, rootless
 * Podman container, and the exceptions they report failures with. {@link dev.mino.core.Mino} is
 * the root object: sandboxes, sessions, caches and engine facts come from it, and closing it
 * releases everything it holds.
 */
package dev.mino.core;
