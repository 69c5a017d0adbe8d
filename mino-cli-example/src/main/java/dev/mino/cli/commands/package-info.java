/**
 * The subcommands of {@code mino}: one picocli command class per subcommand ({@code run},
 * {@code exec}, {@code list}, {@code logs}, {@code stop}, {@code status}, {@code cache},
 * {@code config}, {@code init}, {@code prune}, {@code completions}), each with the helpers only it
 * uses (for {@code run}: the credential choice, project-layer trust, network options and the image
 * check before a start). {@code mino setup} lives in {@code dev.mino.cli.setup}, beside its tasks.
 * A command parses its flags, calls the library, and renders the result; the output of a sandbox
 * without a terminal of its own reaches mino's through
 * {@link dev.mino.cli.terminal.TerminalSafeOutput}.
 */
package dev.mino.cli.commands;
