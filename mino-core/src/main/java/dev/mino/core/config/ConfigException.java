package dev.mino.core.config;

import dev.mino.core.MinoException;
import dev.mino.core.text.DisplayText;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration file or setting is wrong: the file cannot be read, is not valid TOML, holds a
 * value of the wrong type, or a {@code config set} names an unknown key or a value that does not
 * fit the key. The message names the file and, where there is one, the dotted key, so that a CLI
 * can print it as is and an IDE can point at the offending entry.
 *
 * <p>Message and hint are kept as {@link DisplayText#escape(String)} makes them: they quote paths
 * and keys a project chooses (a directory named with a terminal sequence, a key in a cloned
 * repository's local config), and a CLI prints them to a terminal.
 */
public class ConfigException extends MinoException {
    private static final long serialVersionUID = 1L;

    // Paths are not serializable; the string form is all a deserialized copy needs.
    private final String file;
    private final String key;

    /**
     * @param message what is wrong, naming the file and the key
     * @param hint what to do about it; may be empty but not null
     */
    public ConfigException(String message, String hint) {
        this(message, hint, null, null, null);
    }

    /**
     * @param message what is wrong, naming the file and the key; its control and format characters
     *     are escaped
     * @param hint what to do about it; may be empty but not null; escaped as the message
     * @param file the configuration file concerned, or null
     * @param key the dotted key concerned (for example {@code container.read_only}), or null
     * @param cause the underlying failure, or null
     */
    public ConfigException(String message, String hint, Path file, String key, Throwable cause) {
        this(message, hint, file, key, cause, null);
    }

    /**
     * @param message what is wrong, naming the file and the key; its control and format characters
     *     are escaped
     * @param hint what to do about it; may be empty but not null; escaped as the message
     * @param file the configuration file concerned, or null
     * @param key the dotted key concerned (for example {@code container.read_only}), or null
     * @param cause the underlying failure, or null
     * @param code the stable code of this kind of failure (see {@link dev.mino.core.MinoException#code()}), or null
     */
    public ConfigException(String message, String hint, Path file, String key, Throwable cause, String code) {
        super(DisplayText.escape(Objects.requireNonNull(message, "message")),
            DisplayText.escape(Objects.requireNonNull(hint, "hint")), cause, code);
        this.file = file == null ? null : file.toString();
        this.key = key;
    }

    /** The configuration file the problem is in, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file).map(Path::of);
    }

    /** The dotted key the problem is about (for example {@code container.read_only}), when there is one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
