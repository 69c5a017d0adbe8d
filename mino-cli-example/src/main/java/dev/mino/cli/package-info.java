/**
 * The reference command line {@code mino}, built only on the public API of mino-core. Entry point:
 * {@link dev.mino.cli.Main}. Results go to stdout; errors, warnings, progress and logs to stderr.
 *
 * <p>This package holds the top of the command tree ({@link dev.mino.cli.MinoCommand}, the global
 * options, the version), what turns failures into {@code Error:}/{@code Hint:} lines and exit codes,
 * logging, and the small parsers of option values the commands share ({@code --engine}, {@code -e},
 * {@code --volume}, comma lists, sizes, booleans). The rest lives in sub-packages:
 * {@code commands} (one class per subcommand, with the helpers only one command uses),
 * {@code setup} ({@code mino setup}, its tasks and the host facts they read), {@code images}
 * (where an image can come from: the engine, a registry, the local image), {@code prompts} (the
 * questions put to the user) and {@code terminal} (streams, rendering, progress and escaping of
 * what a sandbox prints).
 */
package dev.mino.cli;
