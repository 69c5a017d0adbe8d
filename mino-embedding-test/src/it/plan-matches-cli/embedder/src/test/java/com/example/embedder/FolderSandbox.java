package com.example.embedder;

import dev.mino.core.Mino;
import dev.mino.core.SandboxBuilder;
import java.nio.file.Path;

/**
 * How an embedder gets a sandbox builder for a folder, its {@code .mino.toml} applied as
 * {@code mino run} (in that folder, without options) applies it. The one place the embedding test
 * depends on how the library offers that.
 */
final class FolderSandbox {
    private FolderSandbox() {
    }

    /**
     * A builder of {@code mino}'s for {@code folder}, with the global config and the folder's
     * trusted {@code .mino.toml} applied: images, network, caches, home, credentials and the
     * rest, all chosen inside the library.
     */
    static SandboxBuilder of(Mino mino, Path folder) {
        return mino.project(folder);
    }
}
