package dev.mino.core;

/**
 * Output collected from a sandbox's log.
 *
 * @param stdout what was written to stdout, decoded as UTF-8 (everything, with a TTY)
 * @param stderr what was written to stderr, decoded as UTF-8
 */
public record CapturedOutput(String stdout, String stderr) {
}
