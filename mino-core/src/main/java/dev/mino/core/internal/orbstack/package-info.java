/**
 * Podman in an OrbStack Linux VM, the engine on macOS: making the VM ready through the {@code orb}
 * command line ({@link dev.mino.core.internal.orbstack.OrbStackEngine}) and reaching Podman in it
 * through {@code orb -m <vm> podman system dial-stdio}. Not public API.
 */
package dev.mino.core.internal.orbstack;
