package dev.mino.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The package registries a user's own tools are configured to use, as rules for the
 * {@linkplain PresetCatalog presets}.
 *
 * <p>This project does not write the public npm registry's or Maven Central's host names into its
 * code (a rule of the machines it is built on), so the presets learn them here, at run time, from
 * the user's configuration. That also serves users behind corporate mirrors. A source that sets
 * nothing contributes nothing: for the public registries, which npm and Maven use without any
 * configuration, users add the hosts to a preset in config
 * ({@link PresetCatalog#withExtraHosts(Map)}).
 *
 * <p>Each URL becomes its host with the URL's explicit port, or 443 for https and 80 for http.
 * Immutable.
 */
public final class RegistryHosts {
    private static final RegistryHosts NONE = new RegistryHosts(null, List.of(), List.of());

    private final NetworkRule npm;
    private final List<NetworkRule> maven;
    private final List<String> warnings;

    private RegistryHosts(NetworkRule npm, List<NetworkRule> maven, List<String> warnings) {
        this.npm = npm;
        this.maven = maven;
        this.warnings = warnings;
    }

    /**
     * Finds the registries in the user's own configuration: the given environment and files under
     * the user's home. Reads files; nothing else.
     *
     * <p>npm: the first of the environment variables {@code npm_config_registry} and
     * {@code NPM_CONFIG_REGISTRY}, then the last {@code registry=} line of the user's npmrc
     * ({@code npm_config_userconfig}, else {@code <home>/.npmrc}), then of npm's global npmrc
     * ({@code npm_config_globalconfig}, else {@code <prefix>/etc/npmrc}, where the prefix is
     * {@code npm_config_prefix} or else the folder above the {@code bin} folder of the {@code node}
     * on the PATH).
     * Maven: the {@code <url>} of each {@code <mirror>}, {@code <repository>} and
     * {@code <pluginRepository>} in {@code <home>/.m2/settings.xml}, parsed with external entities
     * and DOCTYPEs refused.
     *
     * <p>Nothing a sandbox can write is read: not a project's {@code .npmrc}, {@code .mvn/} or
     * settings (unlike npm itself, which reads a project's {@code .npmrc}), so that a sandboxed
     * command cannot add a destination to the next run's allowlist. A URL that contains
     * {@code ${...}} is ignored with a warning, never expanded: a host or port built from
     * environment variables could carry a secret out in a DNS query.
     *
     * @param env the environment variables to consult
     * @param home the user's home directory
     * @return what was found; files that are missing give nothing, files that cannot be read give
     *     nothing and a {@linkplain #warnings() warning}
     */
    public static RegistryHosts discover(Map<String, String> env, Path home) {
        return discover(env, home, null);
    }

    /**
     * Like {@link #discover(Map, Path)}, but also skips, with a warning, the user's files that
     * really lie (links followed) under the folder the sandbox will be able to write: a home
     * folder inside the project, or a {@code ~/.npmrc} linked into it, is the sandbox's to change.
     *
     * @param env the environment variables to consult
     * @param home the user's home directory
     * @param sandboxWritable the project folder the sandbox will mount read-write, or null; nothing
     *     under it is ever read
     * @return what was found
     */
    public static RegistryHosts discover(Map<String, String> env, Path home, Path sandboxWritable) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        List<String> warnings = new ArrayList<>();
        NetworkRule npm = NpmConfig.registry(env, home, sandboxWritable, warnings).orElse(null);
        List<NetworkRule> maven = MavenSettings.repositories(home.resolve(".m2").resolve("settings.xml"),
            sandboxWritable, warnings);
        return new RegistryHosts(npm, List.copyOf(new LinkedHashSet<>(maven)), List.copyOf(warnings));
    }

    /**
     * Finds the registries of the current process's user: {@link System#getenv()} and the
     * {@code user.home} system property.
     *
     * @return what was found
     * @see #discover(Map, Path)
     */
    public static RegistryHosts fromSystem() {
        return discover(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Registries given directly, for callers that found them some other way.
     *
     * @param npm the npm registry, or null for none
     * @param maven the Maven repositories in order
     * @return the registries
     */
    public static RegistryHosts of(NetworkRule npm, List<NetworkRule> maven) {
        return new RegistryHosts(npm, List.copyOf(new LinkedHashSet<>(maven)), List.of());
    }

    /**
     * No registries at all.
     *
     * @return the empty set of registries
     */
    public static RegistryHosts none() {
        return NONE;
    }

    /**
     * The npm registry.
     *
     * @return the registry's rule, or empty when the configuration names none
     */
    public Optional<NetworkRule> npm() {
        return Optional.ofNullable(npm);
    }

    /**
     * The Maven mirrors and repositories, without duplicates, in the order of the settings file.
     *
     * @return the rules, unmodifiable
     */
    public List<NetworkRule> maven() {
        return maven;
    }

    /**
     * What could not be read: unreadable files, malformed XML, URLs without a host. Never fatal;
     * a caller may show them.
     *
     * @return the warnings, unmodifiable
     */
    public List<String> warnings() {
        return warnings;
    }
}
