package dev.mino.core.internal.config;

import static dev.mino.core.WarningCodes.CONFIG_LOCAL_CHANGED;
import static dev.mino.core.WarningCodes.CONFIG_LOCAL_DECLINED;
import static dev.mino.core.WarningCodes.CONFIG_LOCAL_FORCED;
import static dev.mino.core.WarningCodes.CONFIG_LOCAL_GONE;
import static dev.mino.core.WarningCodes.CONFIG_LOCAL_NOT_TRUSTED;
import static dev.mino.core.WarningCodes.CONFIG_TRUST_STORE;
import static dev.mino.core.WarningCodes.CONFIG_UNKNOWN_KEY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.ErrorCodes;
import dev.mino.core.MinoEvent;
import dev.mino.core.config.ConfigException;
import dev.mino.core.config.ConfigOptions;
import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.LocalConfigStatus;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.config.SensitiveField;
import dev.mino.core.config.TrustPrompt;
import dev.mino.core.config.TrustStore;
import dev.mino.core.text.DisplayText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads the configuration: the global file, then the local {@code .mino.toml} found from the
 * working directory upwards and passed through the trust gate, deep-merged and typed.
 */
public final class ConfigLoader {

    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());

    private ConfigLoader() {
    }

    /**
     * See {@link MinoConfig#load(ConfigOptions)}. The warnings name no command-line flag; each
     * carries its stable code ({@link LoadedConfig#codedWarnings()}), by which a command line
     * words it its own way.
     */
    public static LoadedConfig load(ConfigOptions options) {
        List<MinoEvent.Warning> warnings = new ArrayList<>();
        // Read first, so a bad variable is reported whether or not a local file exists.
        boolean trustLocal = options.trustLocal();

        Path globalFile = options.globalConfigFile();
        Optional<byte[]> globalBytes = TomlReader.readIfExists(globalFile, "config from");
        ObjectNode globalTree = globalBytes.map(bytes -> TomlReader.parse(bytes, globalFile))
            .orElseGet(TomlReader::emptyTree);
        addUnknownKeyWarnings(globalTree, globalFile, warnings);

        Optional<Path> localFile = options.noLocal() ? Optional.empty() : findLocalFile(options.workingDirectory());
        if (!options.noLocal()) {
            warnOfDeletedTrustedFiles(options, localFile, warnings);
        }
        LocalConfigStatus status = options.noLocal() ? LocalConfigStatus.DISABLED : LocalConfigStatus.NOT_FOUND;
        List<SensitiveField> sensitive = List.of();
        ObjectNode localTree = null;
        if (localFile.isPresent()) {
            Path file = localFile.get();
            refuseLink(file);
            // Without following a link, so that a link put in place after the check is refused too.
            byte[] bytes = TomlReader.readIfExists(file, "local config", LinkOption.NOFOLLOW_LINKS)
                .orElseThrow(() -> new ConfigException("IO error: reading local config " + file,
                    "The file disappeared while it was read; run the command again", file, null, null));
            // Upstream lets an unparsable file through the gate and fails when merging; failing
            // here is the same outcome, sooner.
            ObjectNode tree = TomlReader.parse(bytes, file);
            sensitive = SensitiveFields.find(tree);
            TrustStore store = new TrustStore(options.trustStoreFile());
            status = gate(file, bytes, sensitive, trustLocal, store, options.trustPrompt(), warnings);
            store.warnings().forEach(text -> warnings.add(new MinoEvent.Warning(CONFIG_TRUST_STORE, text)));
            if (status.loaded()) {
                localTree = tree;
                addUnknownKeyWarnings(tree, file, warnings);
            }
        }

        TreeMerger.Merged merged = localTree == null
            ? TreeMerger.single(globalTree, globalFile)
            : TreeMerger.merge(globalTree, globalFile, localTree, localFile.get());
        MinoConfig config = ConfigBinder.bind(merged);
        LOG.log(System.Logger.Level.DEBUG, "Configuration loaded from {0} (found: {1}), local {2}: {3}",
            globalFile, globalBytes.isPresent(), localFile.map(Path::toString).orElse("none"), status);
        return new LoadedConfig(config, globalFile, globalBytes.isPresent(), localFile, status, sensitive,
            warnings.stream().map(MinoEvent.Warning::message).toList(), ConfigSchema.presentKeys(merged.tree()),
            warnings);
    }

    /**
     * Refuses a local file that is a symbolic link. Trust belongs to a folder's own file: a link
     * to another folder's trusted file would otherwise borrow its trust (a sandbox can write the
     * project, so it can plant such a link), and with it the trust in this folder's layers.
     *
     * @throws ConfigException when the file is a symbolic link
     */
    public static void refuseLink(Path file) {
        if (!Files.isSymbolicLink(file)) {
            return;
        }
        String target;
        try {
            target = " to " + DisplayText.escape(Files.readSymbolicLink(file).toString());
        } catch (IOException e) {
            target = "";
        }
        throw new ConfigException("Refusing local config " + shown(file)
            + ": it is a symbolic link" + target,
            "A folder's .mino.toml must be a file of its own, since trust is given to a folder's own file: "
                + "replace the link with a copy of the file, or turn local config off (localConfig(false) or "
                + "noLocal(true)) to ignore it", file, null, null, ErrorCodes.CONFIG_LOCAL_LINK);
    }

    /**
     * See {@link MinoConfig#findLocalFile(Path)}. A symbolic link named {@code .mino.toml} is
     * found too, whatever it points to, so that loading refuses it rather than passing over it.
     */
    public static Optional<Path> findLocalFile(Path startDirectory) {
        Path directory;
        try {
            directory = startDirectory.toRealPath();
        } catch (IOException e) {
            directory = startDirectory.toAbsolutePath().normalize();
        }
        for (; directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(MinoConfig.LOCAL_FILE_NAME);
            if (Files.isRegularFile(candidate) || Files.isSymbolicLink(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Warns, once, of a trusted local file that is gone from a folder searched before the one
     * found: a sandbox can write the project, and deleting a trusted file needs no trust, yet
     * drops its settings (its network, say) from the next run, or lets a parent folder's file
     * apply instead.
     */
    private static void warnOfDeletedTrustedFiles(ConfigOptions options, Optional<Path> found,
                                                  List<MinoEvent.Warning> warnings) {
        TrustStore store = new TrustStore(options.trustStoreFile());
        Path stop = found.map(Path::getParent).orElse(null);
        Path directory;
        try {
            directory = options.workingDirectory().toRealPath();
        } catch (IOException e) {
            directory = options.workingDirectory().toAbsolutePath().normalize();
        }
        for (; directory != null && !directory.equals(stop); directory = directory.getParent()) {
            Path candidate = directory.resolve(MinoConfig.LOCAL_FILE_NAME);
            bestEffort(() -> {
                if (store.isRecorded(candidate) && !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    warnings.add(new MinoEvent.Warning(CONFIG_LOCAL_GONE, "Local config " + shown(candidate)
                        + " is gone since you trusted it: check that the settings you relied on are still in force"
                        + found.map(f -> " (now using " + shown(f) + ")").orElse("")));
                    store.forget(candidate);
                }
            });
        }
    }

    /**
     * Runs a check that only adds a warning: a trust store that cannot be read or saved stops
     * a load only where trust is needed, as before.
     */
    private static void bestEffort(Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.DEBUG, "Trust store not consulted for a changed or gone local config: {0}",
                e.getMessage());
        }
    }

    private static LocalConfigStatus gate(Path file, byte[] bytes, List<SensitiveField> sensitive, boolean trustLocal,
        TrustStore store, Optional<TrustPrompt> prompt, List<MinoEvent.Warning> warnings) {
        if (sensitive.isEmpty()) {
            bestEffort(() -> {
                if (store.isRecorded(file) && !store.isTrusted(file, bytes)) {
                    // A sandbox can write the project: dropping a trusted file's settings needs no
                    // trust, yet may loosen the next run (its network, say). Said once, then
                    // recorded, since content that sets nothing sensitive is safe to trust.
                    warnings.add(new MinoEvent.Warning(CONFIG_LOCAL_CHANGED, "Local config " + shown(file)
                        + " changed since you trusted it and no longer sets anything that needs trust: check that the "
                        + "settings you relied on are still there"));
                    store.trust(file, bytes);
                }
            });
            return LocalConfigStatus.LOADED;
        }
        String names = sensitive.stream().map(SensitiveField::name).collect(Collectors.joining(", "));
        if (trustLocal) {
            warnings.add(new MinoEvent.Warning(CONFIG_LOCAL_FORCED, "Loading untrusted local config "
                + shown(file) + " with sensitive fields (local config is trusted always): [" + names + "]"));
            return LocalConfigStatus.LOADED_FORCED;
        }
        if (store.isTrusted(file, bytes)) {
            return LocalConfigStatus.LOADED_TRUSTED;
        }
        if (prompt.isEmpty()) {
            warnings.add(new MinoEvent.Warning(CONFIG_LOCAL_NOT_TRUSTED, "Skipping untrusted local config "
                + shown(file) + " (nobody to ask, sensitive fields: [" + names + "]) - answer through a trust "
                + "decider, or trust local config always"));
            return LocalConfigStatus.SKIPPED_NON_INTERACTIVE;
        }
        if (prompt.get().trust(file, sensitive)) {
            store.trust(file, bytes);
            return LocalConfigStatus.LOADED_CONFIRMED;
        }
        warnings.add(new MinoEvent.Warning(CONFIG_LOCAL_DECLINED,
            "Local config " + shown(file) + " skipped: not trusted"));
        return LocalConfigStatus.SKIPPED_DECLINED;
    }

    private static void addUnknownKeyWarnings(ObjectNode tree, Path file, List<MinoEvent.Warning> warnings) {
        for (String key : ConfigSchema.unknownKeys(tree)) {
            warnings.add(new MinoEvent.Warning(CONFIG_UNKNOWN_KEY,
                "Unknown config key " + key + " in " + shown(file)));
        }
    }

    // A folder of a cloned repository may have any name, escape sequences included.
    private static String shown(Path file) {
        return DisplayText.escape(file.toString());
    }
}
