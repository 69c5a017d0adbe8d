package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing the command line: options, the command after --, and usage errors (exit 2). */
class CommandLineTest {

    private static ParseResult parse(String... args) {
        return Cli.parse(args);
    }

    private static MinoCommand root(ParseResult result) {
        return (MinoCommand) result.commandSpec().userObject();
    }

    @Test
    void verboseCountsBeforeAndAfterTheSubcommand() {
        assertEquals(0, MinoCommand.countVerbose(parse("list")));
        assertEquals(3, MinoCommand.countVerbose(parse("-v", "list", "-vv")));
        assertEquals(2, MinoCommand.countVerbose(parse("list", "--verbose", "-v")));
        assertEquals(1, MinoCommand.countVerbose(parse("config", "set", "-v", "k", "v")));
    }

    @Test
    void globalOptionsAreAcceptedAfterTheSubcommand() {
        ParseResult result = parse("status", "-c", "/etc/mino.toml", "--no-local", "--trust-local");
        MinoCommand root = root(result);
        assertEquals("/etc/mino.toml", root.config.toString());
        assertTrue(root.noLocal);
        assertEquals(Boolean.TRUE, root.trustLocal);
    }

    @Test
    void aCommandWithoutDoubleDashIsAUsageError() {
        Cli.Result result = new Cli().run("run", "bash");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().startsWith("Error: "), result.stderr());
        assertTrue(result.stderr().contains("mino run -- "), "the hint shows where the command goes: "
            + result.stderr());
    }

    @Test
    void unknownOptionsAndCommandsAreUsageErrors() {
        Cli.Result option = new Cli().run("run", "--no-such-option");
        assertEquals(2, option.exitCode());
        assertTrue(option.stderr().contains("Unknown option: '--no-such-option'"), option.stderr());
        assertTrue(option.stderr().contains("Usage: mino run"), option.stderr());
        assertEquals("", option.stdout());

        assertEquals(2, new Cli().run("frobnicate").exitCode());
        assertEquals(2, new Cli().run().exitCode(), "mino alone shows the usage and fails like clap");
    }

    @Test
    void anUnknownCommandGetsTheClosestOnesAsASuggestion() {
        Cli.Result typo = new Cli().run("rn");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.stderr().startsWith("Error: Unknown command 'rn'\nHint: did you mean 'mino run'?\n"),
            typo.stderr());
        Cli.Result nested = new Cli().run("cache", "lst");
        assertTrue(nested.stderr().contains("did you mean 'mino cache list'?"), nested.stderr());
        Cli.Result nothingClose = new Cli().run("xyzzy");
        assertEquals(2, nothingClose.exitCode());
        assertTrue(nothingClose.stderr().startsWith("Error: Unknown command 'xyzzy'\nUsage: mino"),
            "no hint when nothing is close: " + nothingClose.stderr());
        assertEquals(List.of("status", "stop"), UsageErrors.closestCommands("sta", List.of("run", "status", "stop", "list")),
            "a prefix first, then within two edits");
        assertEquals(List.of("status"), UsageErrors.closestCommands("stauts", List.of("run", "status", "stop")));
    }

    @Test
    void commandsWithoutACommandRejectDoubleDash() {
        Cli.Result result = new Cli().run("list", "--", "x");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("takes no command after '--'"), result.stderr());
    }

    @Test
    void booleanWordsAreThoseOfEveryBooleanVariable() {
        BooleanWords words = new BooleanWords();
        for (String yes : List.of("1", "true", "YES", "on")) {
            assertEquals(Boolean.TRUE, words.convert(yes), yes);
        }
        for (String no : List.of("0", "False", "no", "off")) {
            assertEquals(Boolean.FALSE, words.convert(no), no);
        }
        assertThrows(CommandLine.TypeConversionException.class, () -> words.convert("perhaps"));
    }

    @Test
    void onlyTheNamedSubcommandIsModelled() {
        java.util.Set<String> all = MinoCommand.SUBCOMMANDS.keySet();
        assertEquals(java.util.Set.of("run"), Main.subcommandsFor(List.of("run", "-e", "A=1")));
        assertEquals(java.util.Set.of("list"), Main.subcommandsFor(List.of("-v", "-c", "run", "list")),
            "the value of -c is not a command name");
        assertEquals(java.util.Set.of("list"), Main.subcommandsFor(List.of("--config=x", "--no-local", "list")));
        assertEquals(all, Main.subcommandsFor(List.of("-vc", "run", "list")), "a cluster ending in c: ask picocli");
        assertEquals(java.util.Set.of(), Main.subcommandsFor(List.of("--version")));
        assertEquals(all, Main.subcommandsFor(List.of("help", "run")), "help describes the others");
        assertEquals(all, Main.subcommandsFor(List.of("completions", "bash")));
        assertEquals(all, Main.subcommandsFor(List.of("frobnicate")), "unknown: picocli suggests a command");
        assertEquals(all, Main.subcommandsFor(List.of()));
        assertEquals(all, Main.subcommandsFor(List.of("--help")));
    }

    @Test
    void versionAndHelpExitZero() {
        Cli.Result version = new Cli().run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("mino "), version.stdout());
        Cli.Result subVersion = new Cli().run("list", "--version");
        assertEquals(0, subVersion.exitCode(), "--version works on every subcommand");
        Cli.Result help = new Cli().run("run", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("takes its value from") || help.stdout().contains("passes on the value"),
            "the help says where -e KEY takes its value from: " + help.stdout());
    }
}
