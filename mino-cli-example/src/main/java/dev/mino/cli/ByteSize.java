package dev.mino.cli;

import java.util.Locale;

/** Sizes as mino 1.6.0 prints them (SPEC 9.7): 1024-based, one decimal, {@code B}, {@code KB}, {@code MB}, {@code GB}. */
public final class ByteSize {
    private static final long KIB = 1024L;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private ByteSize() {
    }

    public static String format(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GB", (double) bytes / GIB);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MB", (double) bytes / MIB);
        }
        if (bytes >= KIB) {
            return String.format(Locale.ROOT, "%.1f KB", (double) bytes / KIB);
        }
        return bytes + " B";
    }

    /** {@code cache.max_total_gb} in bytes: the config says GB but means GiB, as mino 1.6.0 does. */
    public static long gibibytes(long gb) {
        return gb * GIB;
    }
}
