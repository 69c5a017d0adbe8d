package dev.mino.cli;

import dev.mino.cli.commands.CacheCommand;
import dev.mino.cli.commands.CompletionsCommand;
import dev.mino.cli.commands.ConfigCommand;
import dev.mino.cli.commands.ExecCommand;
import dev.mino.cli.commands.InitCommand;
import dev.mino.cli.commands.ListCommand;
import dev.mino.cli.commands.LogsCommand;
import dev.mino.cli.commands.PruneCommand;
import dev.mino.cli.commands.RunCommand;
import dev.mino.cli.commands.StatusCommand;
import dev.mino.cli.commands.StopCommand;
import dev.mino.cli.prompts.TerminalTrustDecider;
import dev.mino.cli.prompts.TerminalTrustPrompt;
import dev.mino.cli.setup.SetupCommand;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.Mino;
import dev.mino.core.Sessions;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.MinoConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top of the command tree: the global options, and what every subcommand shares. */
@Command(name = "mino", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Secure AI agent sandbox using rootless containers")
public final class MinoCommand implements Callable<Integer> {
    /** The subcommands, in the order help lists them; {@link Main} registers those a command line needs. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    @Spec
    CommandSpec spec;

    /** Counted from the parse result by {@link #countVerbose}: each command keeps its own copy of the values. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
        description = "More log output on stderr: -v info, -vv debug (default: warnings only).")
    boolean[] verbose = new boolean[0];

    /** MINO_CONFIG is read by the library when this is not given (where an empty value means unset). */
    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "PATH",
        description = "Global config file (env MINO_CONFIG).")
    Path config;

    @Option(names = "--no-local", scope = ScopeType.INHERIT, description = "Do not look for a local .mino.toml.")
    boolean noLocal;

    @Option(names = "--trust-local", scope = ScopeType.INHERIT, defaultValue = "${env:MINO_TRUST_LOCAL}",
        converter = BooleanWords.class, arity = "0", fallbackValue = "true",
        description = "Trust a local .mino.toml without asking, and let run build the project's own layers "
            + "(env MINO_TRUST_LOCAL).")
    Boolean trustLocal;

    private final Io io;
    private final Arguments arguments;
    private int verbosity;
    private LoadedConfig loaded;
    /** This invocation's Mino, once made; closed when the command ends. */
    private Mino mino;

    MinoCommand(Io io, Arguments arguments) {
        this.io = io;
        this.arguments = arguments;
    }

    public Io io() {
        return io;
    }

    /** The number of {@code -v} given, before or after the subcommand. */
    public int verbosity() {
        return verbosity;
    }

    /** The command after {@code --}, for the subcommands that run one. */
    public List<String> trailingCommand() {
        return arguments.command();
    }

    /**
     * This invocation's Mino: its environment, and the state directory ({@code XDG_STATE_HOME},
     * read from that environment like everything else); the engine is given per use. Made on first
     * use, and closed when the command ends: whatever it started and did not close is removed then.
     */
    public Mino mino() {
        if (mino == null) {
            Mino.Builder builder = Mino.builder().environment(io.env()).stateDirectory(configOptions().stateDirectory())
                .localConfig(!noLocal).trustLocal(trustLocal());
            if (config != null) {
                builder.configFile(io.cwd().resolve(config).normalize());
            }
            // The library asks about a project's layers (and local files it loads) only when someone can answer.
            if (io.interactive()) {
                builder.trustDecider(new TerminalTrustDecider(io));
            }
            mino = builder.build();
        }
        return mino;
    }

    /** The sessions in this invocation's state directory, checked against {@code engine}. */
    public Sessions sessions(String engine) {
        Sessions sessions = mino().sessions();
        return engine == null ? sessions : sessions.engine(engine);
    }

    /** {@code mino} alone: usage on stderr and the usage-error exit code, as clap does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(io.stderr());
        return spec.exitCodeOnInvalidInput();
    }

    /** Picocli's execution strategy, with the checks and setup that come before every subcommand. */
    int execute(ParseResult parseResult) {
        verbosity = countVerbose(parseResult);
        ParseResult leaf = parseResult;
        boolean help = parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested();
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            help |= leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested();
        }
        if (!help) {
            Object command = leaf.commandSpec().userObject();
            if (arguments.hasDoubleDash() && !(command instanceof TakesCommand)) {
                throw new ParameterException(leaf.commandSpec().commandLine(),
                    "'" + leaf.commandSpec().qualifiedName() + "' takes no command after '--'");
            }
            Logging.configure(verbosity(), io.stderr());
        }
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } finally {
            if (mino != null) {
                mino.close();
            }
        }
    }

    /**
     * How many times {@code -v} was given along the command chain. An inherited option is a copy
     * per command, and picocli starts its values afresh in each, so the field alone would count
     * only the last command's.
     */
    static int countVerbose(ParseResult parseResult) {
        int count = 0;
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            OptionSpec option = level.matchedOption('v');
            // matchedArgs has one entry per occurrence, -vv counting twice.
            count += (int) level.matchedArgs().stream().filter(arg -> arg == option).count();
        }
        return count;
    }

    /**
     * Where configuration comes from for this invocation: {@code --config} (or MINO_CONFIG),
     * {@code --no-local} and {@code --trust-local}; the local file is looked for from the current
     * directory up. Only an interactive invocation can be asked about an untrusted local file.
     */
    public ConfigOptions configOptions() {
        return ConfigOptions.builder()
            .configFile(config)
            .workingDirectory(io.cwd())
            .noLocal(noLocal)
            .trustLocal(trustLocal())
            .environment(io.env())
            .trustPrompt(io.interactive() ? new TerminalTrustPrompt(io) : null)
            .build();
    }

    /**
     * The effective configuration (global file, then a trusted local one), loaded once per
     * invocation; the library's warnings (unknown keys, skipped local files) go to stderr.
     */
    public MinoConfig loadConfig() {
        return loadedConfig().config();
    }

    /** The configuration with where it came from, for decisions that depend on the local file's trust. */
    public LoadedConfig loadedConfig() {
        if (loaded == null) {
            loaded = MinoConfig.load(configOptions());
            Renderer err = io.errRenderer();
            CliTexts.configWarnings(loaded).forEach(err::warn);
        }
        return loaded;
    }

    /** Whether {@code --trust-local} (or MINO_TRUST_LOCAL) says to trust local configuration. */
    public boolean trustLocal() {
        return Boolean.TRUE.equals(trustLocal);
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("run", RunCommand.class);
        commands.put("exec", ExecCommand.class);
        commands.put("init", InitCommand.class);
        commands.put("list", ListCommand.class);
        commands.put("stop", StopCommand.class);
        commands.put("prune", PruneCommand.class);
        commands.put("logs", LogsCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("setup", SetupCommand.class);
        commands.put("config", ConfigCommand.class);
        commands.put("cache", CacheCommand.class);
        commands.put("completions", CompletionsCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        commands.put("cds-training", CdsTraining.class);
        return Collections.unmodifiableMap(commands);
    }

    /** Marks subcommands that accept a command after {@code --}. */
    public interface TakesCommand {
    }
}
