package dev.mino.cli;

import picocli.CommandLine.Option;

/** {@code --engine URI}, shared by the commands that talk to Podman. */
final class EngineOption {

    @Option(names = "--engine", paramLabel = "URI",
        description = "Podman service, as unix:///path/podman.sock or tcp://host:port (default: CONTAINER_HOST, "
            + "then the usual socket paths).")
    String engine;
}
