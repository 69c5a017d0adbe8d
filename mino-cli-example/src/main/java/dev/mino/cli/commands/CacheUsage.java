package dev.mino.cli.commands;

import dev.mino.cli.ByteSize;
import dev.mino.core.CacheInfo;
import java.util.List;
import java.util.Locale;

/**
 * How much the caches take against {@code cache.max_total_gb} (SPEC 9.7): {@code <used> /
 * <limit> (<P>%)}, with a warning from 80 % and another from 100 %.
 *
 * @param usedBytes the caches' total size
 * @param limitBytes the limit, 0 for none
 */
record CacheUsage(long usedBytes, long limitBytes) {

    static CacheUsage of(List<CacheInfo> caches, long maxTotalGb) {
        return new CacheUsage(caches.stream().mapToLong(CacheInfo::sizeBytes).sum(), ByteSize.gibibytes(maxTotalGb));
    }

    /** Percent of the limit used, 0 without a limit. */
    double percent() {
        return limitBytes <= 0 ? 0 : 100.0 * usedBytes / limitBytes;
    }

    /** {@code 1.2 GB / 50.0 GB (2%)}, or {@code 1.2 GB (no limit)}. */
    String text() {
        if (limitBytes <= 0) {
            return ByteSize.format(usedBytes) + " (no limit)";
        }
        return ByteSize.format(usedBytes) + " / " + ByteSize.format(limitBytes)
            + String.format(Locale.ROOT, " (%.0f%%)", percent());
    }

    /** The {@code Total:} line of {@code cache list}: marked from 80 %, with what to do about it. */
    String totalLine() {
        double p = percent();
        if (limitBytes > 0 && p >= 100) {
            return "! Total: " + text() + " - run: mino cache gc";
        }
        if (limitBytes > 0 && p >= 80) {
            return "! Total: " + text() + " - consider running: mino cache gc";
        }
        return "Total: " + text();
    }
}
