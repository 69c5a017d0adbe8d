package dev.mino.core.config;

import dev.mino.core.MinoEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of {@link MinoConfig#load(ConfigOptions)}: the configuration, where it came from,
 * and the warnings a caller should show (the library never prints them itself).
 *
 * @param config the effective configuration
 * @param globalFile the global file that was looked for (it may not exist)
 * @param globalFileFound whether the global file existed and was read
 * @param localFile the local {@code .mino.toml} that was found, whether or not it was used
 * @param localStatus whether the local file was used, and if not, why
 * @param sensitiveFields the local file's security-sensitive settings (empty when none or no file)
 * @param warnings warnings in the order they arose: unknown keys, trust decisions, a corrupt trust
 *     store; they name the library's settings, never a command line's flags
 * @param keysSet the dotted keys of the configuration schema that the files used set, whatever the
 *     value (a key written with its default value counts); a key of {@code container.env} or
 *     {@code container.network_preset_hosts} counts as its table's key
 * @param codedWarnings the same warnings with their stable codes ({@link dev.mino.core.WarningCodes}'s
 *     {@code CONFIG_*}, or none), by which a command line words them its own way
 */
public record LoadedConfig(
    MinoConfig config,
    Path globalFile,
    boolean globalFileFound,
    Optional<Path> localFile,
    LocalConfigStatus localStatus,
    List<SensitiveField> sensitiveFields,
    List<String> warnings,
    Set<String> keysSet,
    List<MinoEvent.Warning> codedWarnings) {

    /**
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if {@code codedWarnings} does not say {@code warnings}
     */
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(globalFile, "globalFile");
        Objects.requireNonNull(localFile, "localFile");
        Objects.requireNonNull(localStatus, "localStatus");
        sensitiveFields = List.copyOf(sensitiveFields);
        warnings = List.copyOf(warnings);
        keysSet = Collections.unmodifiableSet(new LinkedHashSet<>(keysSet));
        codedWarnings = List.copyOf(codedWarnings);
        if (!warnings.equals(codedWarnings.stream().map(MinoEvent.Warning::message).toList())) {
            throw new IllegalArgumentException("codedWarnings must hold the warnings, in their order");
        }
    }

    /**
     * An outcome whose warnings have no codes; the form of this record before
     * {@link #codedWarnings()} existed.
     *
     * @throws NullPointerException if a value is null
     */
    public LoadedConfig(MinoConfig config, Path globalFile, boolean globalFileFound, Optional<Path> localFile,
                        LocalConfigStatus localStatus, List<SensitiveField> sensitiveFields, List<String> warnings,
                        Set<String> keysSet) {
        this(config, globalFile, globalFileFound, localFile, localStatus, sensitiveFields, warnings, keysSet,
            warnings.stream().map(text -> new MinoEvent.Warning(null, text)).toList());
    }

    /**
     * An outcome without the record of which keys the files set; the form of this record before
     * {@link #keysSet()} existed.
     *
     * @throws NullPointerException if a value is null
     */
    public LoadedConfig(MinoConfig config, Path globalFile, boolean globalFileFound, Optional<Path> localFile,
                        LocalConfigStatus localStatus, List<SensitiveField> sensitiveFields, List<String> warnings) {
        this(config, globalFile, globalFileFound, localFile, localStatus, sensitiveFields, warnings, Set.of());
    }

    /**
     * Whether a file used sets this key, even to its default value: a setting the user wrote
     * down is an answer, which is never asked for again.
     *
     * @param key a dotted key such as {@code container.network}
     */
    public boolean isSet(String key) {
        return keysSet.contains(key);
    }

    /** The files whose settings are in {@link #config()}: the global file if found, then the local file if loaded. */
    public List<Path> filesUsed() {
        List<Path> files = new ArrayList<>(2);
        if (globalFileFound) {
            files.add(globalFile);
        }
        if (localStatus.loaded()) {
            localFile.ifPresent(files::add);
        }
        return List.copyOf(files);
    }

    /** Whether a local file was found but left out for want of trust. */
    public boolean localSkipped() {
        return localStatus.skipped();
    }
}
