package dev.mino.cli;

import dev.mino.cli.terminal.Renderer;
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
        String message = exception.getMessage();
        java.util.Optional<String> unknown = unknownCommand(exception);
        if (unknown.isPresent()) {
            message = "Unknown command '" + unknown.get() + "'";
            hint = closestCommands(unknown.get(), command.getSubcommands().keySet()).stream()
                .map(name -> command.getCommandSpec().qualifiedName() + " " + name).reduce((a, b) -> a + "' or '" + b)
                .map(names -> "did you mean '" + names + "'?").orElse("");
        }
        err.error(message, hint);
        PrintWriter writer = new PrintWriter(root.io().stderr(), true);
        UnmatchedArgumentException.printSuggestions(exception, writer);
        CommandLine.Help help = command.getHelp();
        writer.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        writer.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        writer.flush();
        return EXIT_USAGE;
    }

    /** The word given where a subcommand was expected, when that is what went wrong. */
    private static java.util.Optional<String> unknownCommand(ParameterException exception) {
        CommandLine command = exception.getCommandLine();
        if (!(exception instanceof UnmatchedArgumentException unmatched) || command.getSubcommands().isEmpty()
            || unmatched.getUnmatched().isEmpty()) {
            return java.util.Optional.empty();
        }
        String first = unmatched.getUnmatched().get(0);
        return first.startsWith("-") ? java.util.Optional.empty() : java.util.Optional.of(first);
    }

    /**
     * The commands within two edits of {@code word} (or that start with it), closest first: "rn"
     * finds "run", "stauts" finds "status".
     */
    static java.util.List<String> closestCommands(String word, java.util.Collection<String> commands) {
        java.util.Map<String, Integer> distances = new java.util.TreeMap<>();
        for (String name : commands) {
            int distance = name.startsWith(word) && word.length() >= 2 ? 1 : editDistance(word, name);
            if (distance <= 2) {
                distances.put(name, distance);
            }
        }
        return distances.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
            .map(java.util.Map.Entry::getKey).limit(3).toList();
    }

    /** Levenshtein distance, capped work: command names are short. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
