package dev.mino.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds the registry npm would use, from the same places and in the same order as npm. */
final class NpmConfig {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private NpmConfig() {}

    /**
     * The registry's rule: the environment first ({@code npm_config_registry}, then
     * {@code NPM_CONFIG_REGISTRY}), then the project's {@code .npmrc}, then the user's. The first
     * place that sets a registry decides, as in npm, even if its URL turns out to be unusable.
     */
    static Optional<NetworkRule> registry(Map<String, String> env, Path home, Path projectDir, List<String> warnings) {
        for (String name : List.of("npm_config_registry", "NPM_CONFIG_REGISTRY")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return RegistryUrls.ruleFor(value.strip(), "environment variable " + name, warnings);
            }
        }
        for (Path npmrc : projectDir == null
                ? List.of(home.resolve(".npmrc"))
                : List.of(projectDir.resolve(".npmrc"), home.resolve(".npmrc"))) {
            Optional<String> value = registryLine(npmrc, warnings);
            if (value.isPresent()) {
                Optional<String> url = RegistryUrls.expand(value.get(), VARIABLE, env);
                if (url.isEmpty()) {
                    warnings.add("Ignored the registry in " + npmrc + ": it names an environment variable that is not set");
                    return Optional.empty();
                }
                return RegistryUrls.ruleFor(url.get(), npmrc.toString(), warnings);
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
