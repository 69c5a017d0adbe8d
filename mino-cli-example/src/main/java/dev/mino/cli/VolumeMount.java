package dev.mino.cli;

import dev.mino.core.InvalidSpecException;

/**
 * One {@code --volume HOST:CONTAINER[:ro]} argument. Only the shape is checked here; the paths
 * themselves (absolute, existing host path; valid container path) are checked by the library.
 *
 * @param hostPath the path on the host
 * @param containerPath where it appears in the sandbox
 * @param readOnly whether the sandbox may only read it
 */
public record VolumeMount(String hostPath, String containerPath, boolean readOnly) {

    /**
     * Parses {@code text}. The container path cannot contain {@code :}, so the last {@code :}
     * (after dropping a {@code :ro} or {@code :rw} suffix) separates the two paths, and a host
     * path may contain colons.
     *
     * @throws InvalidSpecException when there is no {@code :} or a side is empty
     */
    public static VolumeMount parse(String text) {
        String spec = text;
        boolean readOnly = false;
        if (spec.endsWith(":ro")) {
            readOnly = true;
            spec = spec.substring(0, spec.length() - 3);
        } else if (spec.endsWith(":rw")) {
            spec = spec.substring(0, spec.length() - 3);
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new InvalidSpecException("volume '" + text + "' is not HOST:CONTAINER[:ro]",
                "write the host path, a colon and the container path, for example --volume /home/me/data:/data:ro");
        }
        return new VolumeMount(spec.substring(0, colon), spec.substring(colon + 1), readOnly);
    }
}
