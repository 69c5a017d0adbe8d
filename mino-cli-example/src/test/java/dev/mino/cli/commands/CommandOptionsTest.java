package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.cli.MinoCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The options of run, exec, list and logs, as picocli sets them on each command (moved from CommandLineTest). */
class CommandOptionsTest {

    private static ParseResult parse(String... args) {
        return Cli.parse(args);
    }

    private static MinoCommand root(ParseResult result) {
        return (MinoCommand) result.commandSpec().userObject();
    }

    @Test
    void runOptionsReachTheCommand() {
        ParseResult result = parse("run", "-n", "demo", "-p", "/tmp", "--image", "localhost/x:1", "-e", "A=1",
            "--env", "B", "--volume", "/data:/data:ro", "-d", "--read-only", "--dry-run", "--engine",
            "unix:///run/podman.sock", "--", "make", "-j", "4");
        RunCommand run = assertInstanceOf(RunCommand.class, result.subcommand().commandSpec().userObject());
        assertEquals("demo", run.name);
        assertEquals("/tmp", run.project);
        assertEquals("localhost/x:1", run.image);
        assertEquals(List.of("A=1", "B"), run.env);
        assertEquals(List.of("/data:/data:ro"), run.volumes);
        assertTrue(run.detach && run.readOnly && run.dryRun);
        assertEquals("unix:///run/podman.sock", run.engine.engine);
        assertEquals(List.of("make", "-j", "4"), root(result).trailingCommand(),
            "everything after -- is the command, options included");
    }

    @Test
    void runDefaults() {
        RunCommand run = (RunCommand) parse("run").subcommand().commandSpec().userObject();
        assertNull(run.image, "the config's container.image is used");
        assertNull(run.project, "the current directory is used");
        assertNull(run.name);
        assertFalse(run.detach);
    }

    @Test
    void execSplitsSessionAndCommand() {
        ParseResult result = parse("exec", "work", "--", "ls", "-la");
        ExecCommand exec = (ExecCommand) result.subcommand().commandSpec().userObject();
        assertEquals("work", exec.session);
        assertEquals(List.of("ls", "-la"), root(result).trailingCommand(), "no literal -- reaches the command");

        ParseResult noSession = parse("exec", "--", "ls");
        assertNull(((ExecCommand) noSession.subcommand().commandSpec().userObject()).session,
            "a command after -- is never taken for the session name");
    }

    @Test
    void listFormatsAreCaseInsensitive() {
        ListCommand list = (ListCommand) parse("list", "-a", "-f", "json").subcommand().commandSpec().userObject();
        assertEquals(ListCommand.Format.JSON, list.format);
        assertTrue(list.all);
        ListCommand upper = (ListCommand) parse("list", "--format", "PLAIN").subcommand().commandSpec().userObject();
        assertEquals(ListCommand.Format.PLAIN, upper.format);
    }

    @Test
    void logsDefaultsToAHundredLines() {
        LogsCommand logs = (LogsCommand) parse("logs", "s1").subcommand().commandSpec().userObject();
        assertEquals(100, logs.lines);
        LogsCommand follow = (LogsCommand) parse("logs", "s1", "-f", "-l", "0").subcommand().commandSpec()
            .userObject();
        assertTrue(follow.follow);
        assertEquals(0, follow.lines);
    }
}
