package dev.mino.core.internal.cache;

import dev.mino.core.SandboxSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The volumes a spec would mount, worked out without Podman: for a dry run's plan. */
public final class VolumePreview {
    private VolumePreview() {
    }

    /** The cache and home volumes of {@code spec}, none of them created. */
    public static PreparedVolumes of(SandboxSpec spec) {
        Map<String, String> mounts = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<Lockfile> lockfiles = spec.cache() ? Lockfile.detect(spec.project()) : List.of();
        for (Lockfile lockfile : lockfiles) {
            mounts.put(lockfile.volumeName(), lockfile.ecosystem().mountPath());
            lockfile.ecosystem().env().forEach(env::putIfAbsent);
        }
        if (!lockfiles.isEmpty()) {
            env.put("XDG_CACHE_HOME", lockfiles.get(0).ecosystem().mountPath() + "/xdg");
        }
        String home = null;
        if (spec.usesHomeVolume()) {
            home = HomeVolumes.nameOf(spec.project());
            mounts.put(home, HomeVolumes.MOUNT_PATH);
        }
        return new PreparedVolumes(mounts, env, List.of(), home);
    }
}
