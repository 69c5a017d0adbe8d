package dev.mino.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory or file made visible inside the sandbox.
 *
 * @param hostPath absolute, existing path on the host (symbolic links resolved)
 * @param containerPath absolute path inside the container
 * @param readOnly true to forbid writes from inside the sandbox
 */
public record MountSpec(Path hostPath, String containerPath, boolean readOnly) {
    /** Checks only that nothing is null; the builder validates the paths. */
    public MountSpec {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(containerPath, "containerPath");
    }
}
