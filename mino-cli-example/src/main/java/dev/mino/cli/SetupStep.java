package dev.mino.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One prerequisite of {@code mino setup}: whether it holds, and the command that would fix it.
 *
 * @param name what it is, for example "Podman"
 * @param ok whether it holds
 * @param detail what was found (when ok) or what is missing
 * @param fix the command that fixes it, empty when there is none to offer
 */
record SetupStep(String name, boolean ok, String detail, List<String> fix) {

    /** Copies the command. */
    SetupStep {
        fix = List.copyOf(fix);
    }

    /** The three Linux steps, in the order they depend on each other. */
    static List<SetupStep> linux(HostFacts host) {
        List<SetupStep> steps = new ArrayList<>();
        if (host.podman().isPresent()) {
            steps.add(new SetupStep("Podman", true, host.podman().get().toString(), List.of()));
        } else {
            List<String> install = host.packageManager()
                .map(pm -> sudo(host, List.of(pm, "install", "-y", "podman")))
                .orElse(List.of());
            steps.add(new SetupStep("Podman", false, install.isEmpty()
                ? "not installed, and neither apt-get nor dnf was found to install it" : "not installed", install));
        }
        if (host.root()) {
            steps.add(new SetupStep("Subordinate ids", true, "not needed when running as root",
                List.of()));
        } else if (host.subuid() && host.subgid()) {
            steps.add(new SetupStep("Subordinate ids", true, host.user() + " in /etc/subuid and /etc/subgid",
                List.of()));
        } else {
            steps.add(new SetupStep("Subordinate ids", false, "no range for " + host.user() + " in "
                + (host.subuid() ? "/etc/subgid" : host.subgid() ? "/etc/subuid" : "/etc/subuid and /etc/subgid"),
                sudo(host, List.of("usermod", "--add-subuids", "100000-165535", "--add-subgids", "100000-165535",
                    host.user()))));
        }
        if (host.socketExists()) {
            steps.add(new SetupStep("Podman socket", true, host.socket().toString(), List.of()));
        } else if (host.containerHost() != null) {
            // Whoever set CONTAINER_HOST runs that service; starting another one would not help.
            steps.add(new SetupStep("Podman socket", false, host.socket() + " (from CONTAINER_HOST) does not exist",
                List.of()));
        } else {
            steps.add(new SetupStep("Podman socket", false, host.socket() + " does not exist", host.root()
                ? List.of("systemctl", "enable", "--now", "podman.socket")
                : List.of("systemctl", "--user", "enable", "--now", "podman.socket")));
        }
        return steps;
    }

    private static List<String> sudo(HostFacts host, List<String> command) {
        if (host.root()) {
            return command;
        }
        List<String> withSudo = new ArrayList<>(List.of("sudo"));
        withSudo.addAll(command);
        return withSudo;
    }
}
