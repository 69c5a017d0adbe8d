package dev.mino.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ConfigEditor} did.
 *
 * @param file the file written (symbolic links resolved), or that would have been written
 * @param key the dotted key
 * @param value the value as written in TOML, e.g. {@code true}, {@code 30}, {@code "fedora:43"}
 *     or {@code ["a", "b"]}; empty after {@link ConfigEditor#unset(Path, String)}
 * @param changed whether the file's content changed (false when it already said so)
 * @param trustRecorded whether the new content was recorded in the trust store, so the trust
 *     gate lets it through without asking
 */
public record ConfigEdit(Path file, String key, Optional<String> value, boolean changed, boolean trustRecorded) {

    /** @throws NullPointerException if a value is null */
    public ConfigEdit {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
