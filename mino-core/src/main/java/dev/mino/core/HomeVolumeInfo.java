package dev.mino.core;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One persistent home volume.
 *
 * @param volume the volume's name, {@code mino-home-<hash>}
 * @param project the project it belongs to
 * @param createdAt when it was created
 * @param sizeBytes its size as Podman reports it, 0 when unknown
 * @param orphaned true when the project folder no longer exists
 */
public record HomeVolumeInfo(String volume, Path project, Instant createdAt, long sizeBytes, boolean orphaned) {
}
