package dev.mino.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the registry npm would use for the user, from the user's own settings only: the
 * environment and the user's {@code ~/.npmrc}. A project's {@code .npmrc} is never read: the
 * sandbox can write it, and a registry named there would widen the next run's allowlist.
 */
final class NpmConfig {
    private NpmConfig() {}

    /**
     * The registry's rule: the environment first ({@code npm_config_registry}, then
     * {@code NPM_CONFIG_REGISTRY}), then the user's {@code .npmrc}. The first place that sets a
     * registry decides, as in npm, even if its URL turns out to be unusable.
     *
     * @param sandboxWritable a folder the sandbox can write, or null; a {@code .npmrc} under it is
     *     not read
     */
    static Optional<NetworkRule> registry(Map<String, String> env, Path home, Path sandboxWritable,
                                          List<String> warnings) {
        for (String name : List.of("npm_config_registry", "NPM_CONFIG_REGISTRY")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return RegistryUrls.ruleFor(value.strip(), "environment variable " + name, warnings);
            }
        }
        Path npmrc = home.resolve(".npmrc");
        if (!UserFiles.readable(npmrc, sandboxWritable, warnings)) {
            return Optional.empty();
        }
        return registryLine(npmrc, warnings).flatMap(url -> RegistryUrls.ruleFor(url, npmrc.toString(), warnings));
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
