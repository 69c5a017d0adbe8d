package dev.mino.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A sandboxed file layout for configuration tests: config and state directories and a project tree. */
final class ConfigTestSupport {

    final Path root;
    final Path configDir;
    final Path stateDir;
    final Path project;

    ConfigTestSupport(Path root) {
        this.root = root;
        this.configDir = root.resolve("config");
        this.stateDir = root.resolve("state");
        this.project = root.resolve("project");
        try {
            Files.createDirectories(project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path globalFile() {
        return configDir.resolve("config.toml");
    }

    Path localFile() {
        return project.resolve(".mino.toml");
    }

    /** Options rooted here, with no environment variables, no prompt and the project as working directory. */
    ConfigOptions.Builder options() {
        return ConfigOptions.builder()
            .environment(Map.of())
            .configDirectory(configDir)
            .stateDirectory(stateDir)
            .workingDirectory(project);
    }

    LoadedConfig load() {
        return MinoConfig.load(options().build());
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
