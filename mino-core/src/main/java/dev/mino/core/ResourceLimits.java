package dev.mino.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of the host one sandbox may take: memory, CPUs and processes, enforced by the
 * engine's cgroups (a rootless Podman on cgroup v1 cannot enforce them, and says so). A value of
 * 0 means "the default", decided at start from the engine's host by {@link #withDefaults}.
 *
 * @param memoryBytes the most memory (RAM) the sandbox's processes may use together; beyond it
 *     the kernel kills one of them. At least {@value #MIN_MEMORY_BYTES} bytes, or 0 for the default:
 *     half the host's memory, at most {@value #DEFAULT_MEMORY_CAP_BYTES} bytes
 * @param cpus how many CPUs' worth of time the sandbox may use, for example {@code 1.5}; at least
 *     {@value #MIN_CPUS}, or 0 for the default: three quarters of the host's CPUs, at least one
 * @param pids the most processes and threads at once; at least {@value #MIN_PIDS}, or 0 for the
 *     default {@value #DEFAULT_PIDS} (mino 1.6.0's value)
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids) {
    /** The smallest memory limit accepted: less leaves no room for a shell and a package manager. */
    public static final long MIN_MEMORY_BYTES = 64L * 1024 * 1024;
    /** The default memory limit's ceiling, whatever the host has. */
    public static final long DEFAULT_MEMORY_CAP_BYTES = 16L * 1024 * 1024 * 1024;
    /** The smallest CPU limit accepted. */
    public static final double MIN_CPUS = 0.1;
    /** The largest CPU limit accepted. */
    public static final double MAX_CPUS = 1024;
    /** The smallest pids limit accepted: fewer and a shell with a pipeline cannot start. */
    public static final long MIN_PIDS = 32;
    /** The largest pids limit accepted (the kernel's pid_max ceiling). */
    public static final long MAX_PIDS = 4_194_304;
    /** The default pids limit, mino 1.6.0's value. */
    public static final long DEFAULT_PIDS = 4096;
    /** Every limit at its default. */
    public static final ResourceLimits DEFAULTS = new ResourceLimits(0, 0, 0);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /**
     * @throws InvalidSpecException when a value is below its minimum or otherwise out of range
     */
    public ResourceLimits {
        if (memoryBytes != 0 && memoryBytes < MIN_MEMORY_BYTES) {
            throw new InvalidSpecException("memory limit " + memoryBytes + " bytes is below the minimum of 64 MiB",
                "give at least 64m, for example 2g; 0 means the default (half the host's memory, at most 16g)");
        }
        if (cpus != 0 && !(cpus >= MIN_CPUS && cpus <= MAX_CPUS)) {
            throw new InvalidSpecException("CPU limit " + cpus + " is out of range",
                "give a number of CPUs from 0.1 to 1024, for example 2 or 1.5; 0 means the default");
        }
        if (pids != 0 && (pids < MIN_PIDS || pids > MAX_PIDS)) {
            throw new InvalidSpecException("pids limit " + pids + " is out of range",
                "give a number of processes from " + MIN_PIDS + " to " + MAX_PIDS + "; 0 means the default "
                    + DEFAULT_PIDS);
        }
    }

    /**
     * These limits with every default decided for a host of {@code hostMemoryBytes} and
     * {@code hostCpus} (as the engine reports them; 0 or less when unknown).
     */
    public ResourceLimits withDefaults(long hostMemoryBytes, int hostCpus) {
        long memory = memoryBytes;
        if (memory == 0) {
            memory = hostMemoryBytes > 0 ? Math.max(MIN_MEMORY_BYTES, Math.min(hostMemoryBytes / 2,
                DEFAULT_MEMORY_CAP_BYTES)) : DEFAULT_MEMORY_CAP_BYTES;
        }
        double cpuLimit = cpus;
        if (cpuLimit == 0) {
            // A quarter of the host left over, so that the user's own desktop or CI agent stays responsive.
            cpuLimit = hostCpus > 0 ? Math.max(1, Math.floor(hostCpus * 3.0 / 4 * 100) / 100) : 1;
        }
        return new ResourceLimits(memory, cpuLimit, pids == 0 ? DEFAULT_PIDS : pids);
    }

    /**
     * Reads a memory size as the command line and config take it: a whole number of bytes with
     * an optional unit {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024, also written
     * {@code kb}, {@code KiB}, ...), for example {@code 512m} or {@code 4g}; {@code 0} or an empty
     * text is the default.
     *
     * @throws InvalidSpecException when the text is no such size
     */
    public static long parseMemory(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidSpecException("memory size '" + text.replaceAll("\\p{Cntrl}", "?") + "' is not valid",
                "write a whole number with an optional unit k, m, g or t, for example 512m or 4g");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("memory size '" + text + "' is too large", "write at most a few terabytes");
        }
    }

    /**
     * Reads a number of CPUs as the command line and config take it, for example {@code 2} or
     * {@code 1.5}; {@code 0} or an empty text is the default.
     *
     * @throws InvalidSpecException when the text is not a number
     */
    public static double parseCpus(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String plain = text.strip();
        if (!plain.matches("\\d{1,4}(\\.\\d{1,3})?")) {
            throw new InvalidSpecException("CPU count '" + plain.replaceAll("\\p{Cntrl}", "?") + "' is not valid",
                "write a number of CPUs such as 2 or 1.5");
        }
        return Double.parseDouble(plain);
    }
}
