package dev.mino.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's mounts as {@code /proc/<pid>/mountinfo} lists them, and where a host path lies on
 * its file system. A bind mount shows as the device and the path inside that file system that
 * it starts at (the "root" field); both are the same for every process on the machine, so a
 * sandbox's mounts can be compared with the host's paths without trusting the mount point names.
 */
public final class MountTable {
    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * One mount.
     *
     * @param device {@code major:minor} of the file system
     * @param root the path inside that file system the mount starts at
     * @param mountPoint where it is mounted, as the process sees it
     * @param fsType the file system type
     */
    public record Mount(String device, String root, String mountPoint, String fsType) {
        /** True when this mount shows {@code place} or something inside it, or a folder that holds it. */
        public boolean reaches(Place place) {
            return device.equals(place.device()) && (isWithin(root, place.path()) || isWithin(place.path(), root));
        }

        /** True when this mount starts inside {@code place}, not at it. */
        public boolean startsInside(Place place) {
            return device.equals(place.device()) && !root.equals(place.path()) && isWithin(root, place.path());
        }
    }

    /**
     * Where a host path lies: on which file system, and at which path inside it.
     *
     * @param hostPath the path as given, for messages
     * @param device {@code major:minor} of its file system
     * @param path its path inside that file system
     */
    public record Place(Path hostPath, String device, String path) {
    }

    /** Parses mountinfo text. */
    public static MountTable parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 7 || separator < 6) {
                throw new IllegalArgumentException("not a mountinfo line: " + line);
            }
            mounts.add(new Mount(fields[2], unescape(fields[3]), unescape(fields[4]), fields[separator + 1]));
        }
        return new MountTable(mounts);
    }

    /** The mounts of this JVM, on the host. */
    public static MountTable ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every mount, in the order the kernel lists them. */
    public List<Mount> mounts() {
        return mounts;
    }

    /** Where {@code hostPath} (which must exist) lies, by this (the host's) table. */
    public Place locate(Path hostPath) {
        String real;
        try {
            real = hostPath.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Mount best = null;
        for (Mount mount : mounts) {
            // The last of equally long matches is the one on top.
            if (isWithin(real, mount.mountPoint())
                && (best == null || mount.mountPoint().length() >= best.mountPoint().length())) {
                best = mount;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no mount holds " + real);
        }
        String rest = best.mountPoint().equals("/") ? real : real.substring(best.mountPoint().length());
        String inside = best.root().equals("/") ? rest : best.root() + rest;
        return new Place(hostPath, best.device(), inside.isEmpty() ? "/" : inside);
    }

    /** True when {@code path} is {@code folder} or lies inside it (paths as plain text, absolute). */
    static boolean isWithin(String path, String folder) {
        return folder.equals("/") || path.equals(folder) || path.startsWith(folder + "/");
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
