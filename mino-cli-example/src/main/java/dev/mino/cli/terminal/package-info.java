/**
 * The CLI's side of the terminal: one invocation's streams and environment
 * ({@link dev.mino.cli.terminal.Io}), status lines in plain or fancy style
 * ({@link dev.mino.cli.terminal.Renderer}), the progress line fed by the library's events
 * ({@link dev.mino.cli.terminal.ProgressListener}), raw-mode bridging of the user's terminal to a
 * sandbox's ({@link dev.mino.cli.terminal.TerminalBridge}), and the escaping that keeps bytes and
 * JSON from a sandbox from acting on the terminal ({@link dev.mino.cli.terminal.TerminalSafeOutput},
 * {@link dev.mino.cli.terminal.TerminalSafeJson}).
 */
package dev.mino.cli.terminal;
