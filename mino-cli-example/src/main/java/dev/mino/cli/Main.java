package dev.mino.cli;

import dev.mino.cli.terminal.Io;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code mino} command: runs AI coding agents in hardened, rootless Podman sandboxes. Exit
 * codes: 0 success, 1 error ({@code Error:} and {@code Hint:} on stderr), 2 usage error; {@code run}
 * and {@code exec} exit with the sandboxed command's own exit code.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the command line, for example {@code run --image IMAGE -- make test}
     */
    public static void main(String[] args) {
        Io io = Io.system();
        int code = execute(io, args);
        io.flush();
        System.exit(code);
    }

    /** Commands that need the whole tree: they list or describe the other commands. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completions", "cds-training");

    /** Runs the command line against {@code io} and returns the exit code; never exits the JVM. */
    static int execute(Io io, String... args) {
        Arguments arguments = Arguments.split(args);
        MinoCommand root = new MinoCommand(io, arguments);
        CommandLine cli = commandLine(root, subcommandsFor(arguments.options()));
        int code = cli.execute(arguments.options().toArray(String[]::new));
        io.flush();
        return code;
    }

    /** The whole command tree with mino's error handling. */
    static CommandLine commandLine(MinoCommand root) {
        return commandLine(root, MinoCommand.SUBCOMMANDS.keySet());
    }

    /**
     * The subcommands picocli has to model for a command line. Modelling all of them is the
     * largest part of mino's start-up time, and a command line names at most one, so only that one
     * is built when the name is unambiguous; anything unusual gets the whole tree, where picocli's
     * own parsing and error messages decide.
     */
    static Set<String> subcommandsFor(List<String> options) {
        Set<String> all = MinoCommand.SUBCOMMANDS.keySet();
        for (int i = 0; i < options.size(); i++) {
            String arg = options.get(i);
            if (arg.equals("-c") || arg.equals("--config")) {
                i++; // its value
            } else if (arg.equals("-V") || arg.equals("--version")) {
                return Set.of();
            } else if (arg.startsWith("-") && !arg.startsWith("--") && arg.endsWith("c")) {
                return all; // a cluster such as -vc takes the next argument as its value
            } else if (!arg.startsWith("-")) {
                return all.contains(arg) && !WHOLE_TREE.contains(arg) ? Set.of(arg) : all;
            }
        }
        return all;
    }

    /** The command tree with the subcommands {@code names} and mino's error handling. */
    static CommandLine commandLine(MinoCommand root, Set<String> names) {
        Io io = root.io();
        CommandLine cli = new CommandLine(root);
        for (Map.Entry<String, Class<?>> command : MinoCommand.SUBCOMMANDS.entrySet()) {
            if (names.contains(command.getKey())) {
                cli.addSubcommand(command.getKey(), command.getValue());
            }
        }
        // @file expansion would read files named by arguments, which clap (upstream) never does.
        cli.setExpandAtFiles(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(io.stdout(), true));
        cli.setErr(new PrintWriter(io.stderr(), true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
            io.interactive() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cli.setParameterExceptionHandler(new UsageErrors(root));
        cli.setExecutionExceptionHandler(new ErrorReport(root));
        cli.setExecutionStrategy(root::execute);
        return cli;
    }
}
