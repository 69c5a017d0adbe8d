package dev.mino.cli.commands;

import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.ConfigEdit;
import dev.mino.core.config.ConfigEditor;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.TrustStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino config [show|path|init|set|unset]} (SPEC 1.11, 2.6 and 16 item 7): every form honours
 * {@code --config} and MINO_CONFIG, and {@code set} changes one key of one file, typed by the
 * schema, leaving the rest of the file as it was.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show or edit configuration",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.ShowPath.class, ConfigCommand.Init.class,
        ConfigCommand.Set.class, ConfigCommand.Unset.class})
public final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    /** {@code mino config} alone is {@code mino config show}. */
    @Override
    public Integer call() {
        return show(root);
    }

    static int show(MinoCommand root) {
        String toml = root.loadConfig().toToml();
        root.io().stdout().print(toml);
        root.io().stdout().flush();
        return 0;
    }

    /** {@code mino config show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the effective configuration (global, then a trusted local .mino.toml) as TOML")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Override
        public Integer call() {
            return show(parent.root);
        }
    }

    /** {@code mino config path}. */
    @Command(name = "path", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the path of the global config file in effect")
    static final class ShowPath implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Override
        public Integer call() {
            parent.root.io().stdout().println(parent.root.configOptions().globalConfigFile());
            return 0;
        }
    }

    /** {@code mino config init}. */
    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write the global config file with every key at its default, commented")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Option(names = {"-f", "--force"}, description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() {
            Path file = parent.root.configOptions().globalConfigFile();
            Renderer out = parent.root.io().outRenderer();
            if (new ConfigEditor().writeTemplate(file, force)) {
                out.ok("Configuration initialized", file.toString());
            } else {
                out.warn("Config already exists at " + file, "Use --force to overwrite");
            }
            return 0;
        }
    }

    /** {@code mino config set}. */
    @Command(name = "set", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Set one key in the global config file (or, with --local, in ./.mino.toml)",
        footer = {"", "Booleans take true/false, 1/0, yes/no or on/off; lists are comma-separated; "
            + "container.env.NAME sets one variable."})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, for example container.image.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "The value, typed by the key.")
        String value;

        @Option(names = "--local", description = "Edit .mino.toml in the current directory instead.")
        boolean local;

        @Override
        public Integer call() {
            ConfigEdit edit = editor(parent.root, local).set(target(parent.root, local), key, value);
            report(parent.root, edit);
            return 0;
        }
    }

    /** {@code mino config unset}. */
    @Command(name = "unset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove one key from the global config file (or, with --local, from ./.mino.toml)")
    static final class Unset implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, for example container.image.")
        String key;

        @Option(names = "--local", description = "Edit .mino.toml in the current directory instead.")
        boolean local;

        @Override
        public Integer call() {
            ConfigEdit edit = editor(parent.root, local).unset(target(parent.root, local), key);
            report(parent.root, edit);
            return 0;
        }
    }

    /** The global file in effect, or {@code .mino.toml} in the current directory (no search upwards, SPEC 2.2). */
    static Path target(MinoCommand root, boolean local) {
        return local ? root.io().cwd().resolve(MinoConfig.LOCAL_FILE_NAME) : root.configOptions().globalConfigFile();
    }

    /**
     * An editor that, for local files, keeps the trust store up to date, so that mino's own edit
     * of a trusted file does not make the next command ask again (SPEC 16 item 8).
     */
    static ConfigEditor editor(MinoCommand root, boolean local) {
        if (!local) {
            return new ConfigEditor();
        }
        ConfigOptions options = root.configOptions();
        return new ConfigEditor(TrustStore.inStateDirectory(options.stateDirectory()));
    }

    private static void report(MinoCommand root, ConfigEdit edit) {
        Renderer out = root.io().outRenderer();
        String what = edit.value().map(v -> "Set " + edit.key() + " = " + v).orElse("Unset " + edit.key());
        if (edit.changed()) {
            out.ok(what + " in " + edit.file());
        } else {
            out.info(what + " in " + edit.file() + ": it already was");
        }
    }
}
