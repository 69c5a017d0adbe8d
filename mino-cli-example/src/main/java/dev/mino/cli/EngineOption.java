package dev.mino.cli;

import picocli.CommandLine.Option;

/** {@code --engine URI}, shared by the commands that talk to Podman. */
public final class EngineOption {

    @Option(names = "--engine", paramLabel = "URI",
        description = "Podman service, as unix:///path/podman.sock, tcp://host:port, "
            + "ssh://user@host[:port][/path/podman.sock] (key in CONTAINER_SSHKEY) or orbstack://VM "
            + "(created and set up when needed; orbstack: means vm.name for run, mino elsewhere) (default: CONTAINER_HOST, "
            + "then the usual socket paths, then on macOS the OrbStack VM).")
    public String engine;
}
