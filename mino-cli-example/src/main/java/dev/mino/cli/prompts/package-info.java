/**
 * The questions {@code mino} puts to the user at the terminal: the menus of {@code run}'s first
 * run (which tools, which network, and where to save the answer), yes/no confirmations, and the
 * trust questions for a project's {@code .mino.toml} and {@code .mino/layers}. A
 * {@link dev.mino.cli.prompts.Menu} is plain state, tested without a terminal;
 * {@link dev.mino.cli.prompts.TerminalPrompter} draws it with JLine. Nobody at a terminal always
 * means the safe answer (no).
 */
package dev.mino.cli.prompts;
