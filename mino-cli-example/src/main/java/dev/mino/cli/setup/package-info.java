/**
 * {@code mino setup}: the facts read from this Linux host (user, distribution, package manager,
 * subordinate ids, Podman socket, systemd), and the ordered {@link dev.mino.cli.setup.SetupTask}s
 * that check, and where allowed fix, each prerequisite: packages, subordinate ids, the Podman
 * service, the default image and mino's own firewall image. A check never changes anything; what
 * only root can do is printed as a {@code sudo} command when mino is not root.
 */
package dev.mino.cli.setup;
