/**
 * The reference command line {@code mino}, built only on the public API of mino-core. Entry point:
 * {@link dev.mino.cli.Main}. Results go to stdout; errors, warnings, progress and logs to stderr.
 */
package dev.mino.cli;
