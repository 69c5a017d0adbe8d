package dev.mino.network;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the registry npm would use for the user, from the user's own settings only: the
 * environment, the user's npmrc and npm's global npmrc. A project's {@code .npmrc} is never read: the
 * sandbox can write it, and a registry named there would widen the next run's allowlist.
 */
final class NpmConfig {
    private NpmConfig() {}

    /**
     * The registry's rule: the environment first ({@code npm_config_registry}, then
     * {@code NPM_CONFIG_REGISTRY}), then the user's npmrc, then npm's global npmrc, the order npm
     * follows without the project's file. The first place that sets a registry decides, as in
     * npm, even if its URL turns out to be unusable.
     *
     * @param sandboxWritable a folder the sandbox can write, or null; an npmrc under it is not read
     */
    static Optional<NetworkRule> registry(Map<String, String> env, Path home, Path sandboxWritable,
                                          List<String> warnings) {
        Optional<String> fromEnv = variable(env, "npm_config_registry");
        if (fromEnv.isPresent()) {
            return RegistryUrls.ruleFor(fromEnv.get(), "environment variable npm_config_registry", warnings);
        }
        for (Path npmrc : files(env, home)) {
            Optional<Path> toRead = UserFiles.readable(npmrc, sandboxWritable, warnings);
            if (toRead.isEmpty()) {
                continue;
            }
            Optional<String> url = registryLine(toRead.get(), warnings);
            if (url.isPresent()) {
                return RegistryUrls.ruleFor(url.get(), npmrc.toString(), warnings);
            }
        }
        return Optional.empty();
    }

    /**
     * The user's npmrc ({@code npm_config_userconfig}, else {@code ~/.npmrc}) and the global one
     * ({@code npm_config_globalconfig}, else {@code <prefix>/etc/npmrc}, the prefix being
     * {@code npm_config_prefix} or else the folder above the {@code bin} that holds {@code node}
     * on the PATH), in that order.
     */
    static List<Path> files(Map<String, String> env, Path home) {
        List<Path> files = new ArrayList<>();
        files.add(variable(env, "npm_config_userconfig").map(Path::of).orElse(home.resolve(".npmrc")));
        Optional<Path> global = variable(env, "npm_config_globalconfig").map(Path::of)
            .or(() -> variable(env, "npm_config_prefix").map(Path::of).or(() -> nodePrefix(env))
                .map(prefix -> prefix.resolve("etc").resolve("npmrc")));
        global.ifPresent(files::add);
        return files;
    }

    /** An npm setting from the environment, in lower case first as npm reads it, then upper case. */
    private static Optional<String> variable(Map<String, String> env, String name) {
        for (String key : List.of(name, name.toUpperCase(Locale.ROOT))) {
            String value = env.get(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * npm's default prefix: the folder above the one holding the {@code node} it runs on, found
     * through the PATH's absolute entries (a relative entry would depend on the current folder).
     */
    private static Optional<Path> nodePrefix(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty() || !Path.of(entry).isAbsolute()) {
                continue;
            }
            Path node = Path.of(entry, "node");
            if (Files.isExecutable(node)) {
                try {
                    Path bin = node.toRealPath().getParent();
                    return Optional.ofNullable(bin == null ? null : bin.getParent());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The value of the last top-level {@code registry=} line of an npmrc file, if any. */
    private static Optional<String> registryLine(Path npmrc, List<String> warnings) {
        List<String> lines;
        try {
            lines = Files.readAllLines(npmrc, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            warnings.add("Could not read " + npmrc + ": " + e.getMessage());
            return Optional.empty();
        }
        String found = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                // Keys after a section header belong to that section, not to npm's own settings.
                break;
            }
            int equals = line.indexOf('=');
            if (line.startsWith("#") || line.startsWith(";") || equals < 0) {
                continue;
            }
            if (line.substring(0, equals).strip().equals("registry")) {
                found = unquote(line.substring(equals + 1).strip());
            }
        }
        return Optional.ofNullable(found).filter(v -> !v.isEmpty());
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
