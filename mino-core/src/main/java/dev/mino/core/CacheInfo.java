package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One dependency cache volume, as {@link Caches#list()} reports it.
 *
 * @param volume the volume's name, {@code mino-cache-<ecosystem>-<hash>-<project>} (the project part: 12 hex
 *     digits of the SHA-256 of the project's real path)
 * @param ecosystem npm, yarn, pnpm, cargo, pip, poetry, uv or go
 * @param hash the lockfile hash the cache belongs to
 * @param state {@link State#BUILDING} until a run using it exited cleanly, then {@link State#COMPLETE};
 *     {@link State#MISS} for a cache that {@link Caches#forProject} selects but that was not created yet
 * @param sizeBytes the volume's size as Podman reports it, 0 when unknown
 * @param createdAt when the cache was created
 * @param lastUsedAt when a sandbox last mounted it
 * @param projects the projects that used it
 * @param orphaned true when no recorded project still has the lockfile it was made for
 */
public record CacheInfo(String volume, String ecosystem, String hash, State state, long sizeBytes, Instant createdAt,
                        Instant lastUsedAt, List<Path> projects, boolean orphaned) {
    /** Checks the state and copies the list. */
    public CacheInfo {
        Objects.requireNonNull(state, "state");
        projects = List.copyOf(projects);
    }

    /** Where a cache is in its life (SPEC 9.5). */
    public enum State {
        /** No volume yet: the next run creates it. */
        MISS,
        /** Being filled: no run using it has exited cleanly yet. */
        BUILDING,
        /** Filled by a run that exited cleanly. */
        COMPLETE;

        /**
         * The word listings, labels and JSON use: {@code miss}, {@code building} or {@code complete}.
         *
         * @return the word
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
