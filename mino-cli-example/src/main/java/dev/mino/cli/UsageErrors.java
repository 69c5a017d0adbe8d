package dev.mino.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli could not parse: the problem, the synopsis of the command, a
 * pointer to its {@code --help}, and exit code 2. Unlike picocli's default it leaves out the full
 * option list, which buries the one line that matters.
 */
final class UsageErrors implements IParameterExceptionHandler {
    static final int EXIT_USAGE = 2;

    private final MinoCommand root;

    UsageErrors(MinoCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        Renderer err = root.io().errRenderer();
        String hint = "";
        if (exception instanceof UnmatchedArgumentException
            && command.getCommandSpec().userObject() instanceof MinoCommand.TakesCommand) {
            // The classic slip: "mino run bash" instead of "mino run -- bash".
            hint = "put the command to run after '--', for example: " + command.getCommandSpec().qualifiedName()
                + " -- sh -c 'echo hello'";
        }
        err.error(exception.getMessage(), hint);
        PrintWriter writer = new PrintWriter(root.io().stderr(), true);
        UnmatchedArgumentException.printSuggestions(exception, writer);
        CommandLine.Help help = command.getHelp();
        writer.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        writer.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        writer.flush();
        return EXIT_USAGE;
    }
}
