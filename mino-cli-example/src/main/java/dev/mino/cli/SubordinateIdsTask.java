package dev.mino.cli;

import java.util.List;

/**
 * Subordinate user and group ids: rootless Podman maps a container's users onto them, and
 * without a range an image with files of several owners cannot even be imported. Root runs
 * rootful Podman and needs none. Only root can add them, so for a user this prints the commands.
 */
final class SubordinateIdsTask implements SetupTask {
    private final HostFacts host;

    SubordinateIdsTask(HostFacts host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "Subordinate ids";
    }

    @Override
    public Check check() {
        if (host.root()) {
            return Check.ok("not needed: root runs rootful Podman");
        }
        if (host.subuid() && host.subgid()) {
            return Check.ok(host.user() + " in /etc/subuid and /etc/subgid");
        }
        String where = host.subuid() ? "/etc/subgid" : host.subgid() ? "/etc/subuid" : "/etc/subuid and /etc/subgid";
        return Check.manual("no range for " + host.user() + " in " + where, List.of(
            "sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + host.user(),
            "podman system migrate"));
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        return false;
    }
}
