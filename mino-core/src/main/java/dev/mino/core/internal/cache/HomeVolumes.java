package dev.mino.core.internal.cache;

import dev.mino.core.PodmanConflictException;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.Labels;
import dev.mino.core.internal.state.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Persistent home folders (SPEC 10): one volume per project, {@code mino-home-<12 hex of SHA-256 of
 * the project path>}, mounted at {@code /home/developer} so shell history, logins and tool state
 * survive from one run to the next.
 */
public final class HomeVolumes {
    /** The prefix of every home volume's name. */
    public static final String PREFIX = "mino-home-";
    /** Where the home volume is mounted. */
    public static final String MOUNT_PATH = "/home/developer";

    private HomeVolumes() {
    }

    /** The home volume name of {@code project}. */
    public static String nameOf(Path project) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(project.toString()
                .getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Creates the home volume of {@code project} when missing and returns its name. */
    public static String ensure(PodmanClient client, Path project, Clock clock) {
        String name = nameOf(project);
        if (!client.volumes().exists(name)) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.MANAGED, "true");
            labels.put(CacheLabels.HOME, "true");
            labels.put(CacheLabels.HOME_PROJECT, project.toString());
            labels.put(CacheLabels.HOME_CREATED_AT, Timestamps.formatWithOffset(clock.instant()));
            try {
                client.volumes().create(name, labels);
            } catch (PodmanConflictException e) {
                // Created a moment ago by another sandbox of the project.
            }
        }
        return name;
    }
}
