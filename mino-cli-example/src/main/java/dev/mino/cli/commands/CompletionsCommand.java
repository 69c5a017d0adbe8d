package dev.mino.cli.commands;

import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mino completions}: a completion script for the whole command tree (SPEC 1.13). bash and
 * zsh share picocli's script, which switches zsh into its bash-compatible completion.
 */
@Command(name = "completions", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Generate shell completions",
    footer = {"", "Load them with, for example: source <(mino completions bash)"})
public final class CompletionsCommand implements Callable<Integer> {
    static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    @ParentCommand
    MinoCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = ShellNames.class, description = "bash, zsh or fish.")
    String shell;

    @Override
    public Integer call() {
        CommandLine top = spec.root().commandLine();
        String script = switch (shell) {
            case "bash", "zsh" -> AutoComplete.bash("mino", top);
            case "fish" -> FishCompletion.script(top.getCommandSpec());
            default -> throw new ParameterException(spec.commandLine(),
                "invalid value '" + shell + "' for SHELL: expected one of " + String.join(", ", SHELLS));
        };
        root.io().stdout().print(script);
        root.io().stdout().flush();
        return 0;
    }

    /** The shells, as completion candidates. */
    static final class ShellNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SHELLS.iterator();
        }
    }
}
