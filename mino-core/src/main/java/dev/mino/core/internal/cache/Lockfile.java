package dev.mino.core.internal.cache;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A lockfile found in a project's root, and the cache it selects: its content hash names the
 * volume, so a changed lockfile gets a fresh cache and an unchanged one reuses the old.
 *
 * @param hash the first 12 hex digits of the SHA-256 of the file's bytes
 */
public record Lockfile(Ecosystem ecosystem, Path file, String hash) {
    /** The prefix of every cache volume's name. */
    public static final String VOLUME_PREFIX = "mino-cache-";

    /** The cache volume of this lockfile: {@code mino-cache-<ecosystem>-<hash>}. */
    public String volumeName() {
        return VOLUME_PREFIX + ecosystem.label() + "-" + hash;
    }

    /**
     * The lockfiles directly in {@code project} (no recursion), one per ecosystem in the order of
     * SPEC 9.2; within an ecosystem the first existing regular file wins.
     */
    public static List<Lockfile> detect(Path project) {
        List<Lockfile> found = new ArrayList<>();
        for (Ecosystem ecosystem : Ecosystem.values()) {
            for (String name : ecosystem.lockfiles()) {
                Path file = project.resolve(name);
                // Not through symbolic links: a link could point anywhere on the host.
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new Lockfile(ecosystem, file, hashOf(file)));
                    break;
                }
            }
        }
        return found;
    }

    static String hashOf(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (IOException e) {
            throw new MinoException("IO error: reading lockfile " + file + ": " + e.getMessage(),
                "check that the file is readable");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
