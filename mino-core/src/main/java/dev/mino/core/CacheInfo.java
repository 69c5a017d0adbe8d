package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One dependency cache volume, as {@link Caches#list()} reports it.
 *
 * @param volume the volume's name, {@code mino-cache-<ecosystem>-<hash>-<project>} (the project part: 12 hex
 *     digits of the SHA-256 of the project's real path)
 * @param ecosystem npm, yarn, pnpm, cargo, pip, poetry, uv or go
 * @param hash the lockfile hash the cache belongs to
 * @param state {@code building} until a run using it exited cleanly, then {@code complete}
 * @param sizeBytes the volume's size as Podman reports it, 0 when unknown
 * @param createdAt when the cache was created
 * @param lastUsedAt when a sandbox last mounted it
 * @param projects the projects that used it
 * @param orphaned true when no recorded project still has the lockfile it was made for
 */
public record CacheInfo(String volume, String ecosystem, String hash, String state, long sizeBytes, Instant createdAt,
                        Instant lastUsedAt, List<Path> projects, boolean orphaned) {
    /** Copies the list. */
    public CacheInfo {
        projects = List.copyOf(projects);
    }
}
