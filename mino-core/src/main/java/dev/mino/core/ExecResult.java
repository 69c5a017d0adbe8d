package dev.mino.core;

/**
 * What a finished process produced.
 *
 * @param exitCode 0-255; a process ended by a signal reports 128 + the signal number
 * @param stdout everything it wrote to stdout, decoded as UTF-8
 * @param stderr everything it wrote to stderr, decoded as UTF-8 (empty with a TTY, where both
 *     streams are one)
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
    /** True when the process exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
