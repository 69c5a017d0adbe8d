package dev.mino.core.internal.cache;

import java.util.List;
import java.util.Map;

/**
 * The named volumes a sandbox mounts (caches and home), the env that points tools at the caches,
 * and the caches to mark complete once the sandbox's command exits with 0.
 *
 * @param mounts volume name to container path, in mount order
 * @param homeVolume the home volume's name, or null
 */
public record PreparedVolumes(Map<String, String> mounts, Map<String, String> env, List<String> toFinalize,
                              String homeVolume) {
    /** Nothing to mount. */
    public static final PreparedVolumes NONE = new PreparedVolumes(Map.of(), Map.of(), List.of(), null);

    /** Copies the collections. */
    public PreparedVolumes {
        mounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mounts));
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        toFinalize = List.copyOf(toFinalize);
    }

    /** These volumes plus the home volume {@code name} at /home/developer. */
    public PreparedVolumes withHome(String name) {
        Map<String, String> all = new java.util.LinkedHashMap<>(mounts);
        all.put(name, HomeVolumes.MOUNT_PATH);
        return new PreparedVolumes(all, env, toFinalize, name);
    }
}
