package dev.mino.core;

import dev.mino.core.config.LoadedConfig;
import dev.mino.core.config.ProjectLayerTrust;
import dev.mino.core.config.TrustDecider;
import dev.mino.core.config.TrustQuestion;
import dev.mino.core.config.TrustStore;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.network.RegistryHosts;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions a project's sandbox makes as {@code mino run} makes them, once the request is
 * final: whether the project's own layers may be used (asking the {@link TrustDecider} only when
 * the run asks for one of them), which credential providers it gets, where network presets find
 * the user's registries, and which old session records go before it starts. Made by
 * {@link Mino#project(Path, LoadedConfig)}; its builder consults it at every build, and it
 * remembers each decision, so that a question is asked and a warning told once per builder, and
 * the layers stay pinned to the content that was judged.
 */
final class ProjectSetup {
    /** Where a project keeps its own layers, below the project folder. */
    private static final Path LAYERS_FOLDER = Path.of(".mino", "layers");

    private final LoadedConfig loaded;
    private final Path directory;
    private final Map<String, String> environment;
    private final TrustDecider decider;
    private final boolean trustAlways;
    private final TrustStore store;

    /** The layer decision, once made: the trusted tree, or empty when they are not used. */
    private Optional<ProjectLayerTrust.Check> layers;
    private boolean unusableTold;
    private RegistryHosts registries;
    private final NamedProviders providers;

    /**
     * @param loaded the configuration applied to the builder
     * @param directory the project folder, real path
     * @param environment the Mino's environment (the user's registries, the providers' settings)
     * @param decider asks about untrusted project layers; null when nobody can be asked
     * @param trustAlways whether untrusted project content is used without asking
     * @param store where trust decisions are kept
     */
    ProjectSetup(LoadedConfig loaded, Path directory, Map<String, String> environment, TrustDecider decider,
                 boolean trustAlways, TrustStore store) {
        this.loaded = loaded;
        this.directory = directory;
        this.environment = environment;
        this.decider = decider;
        this.trustAlways = trustAlways;
        this.store = store;
        this.providers = new NamedProviders(loaded.config().credentials(), true, environment);
    }

    /** The configuration that was applied. */
    LoadedConfig loaded() {
        return loaded;
    }

    /**
     * Whether the project's own layers may be used, decided once: trusted before in exactly this
     * content, trusted always, or approved now by the decider, which is asked only when the run
     * needs them ({@code requested} names one of them, or {@code offered}: a caller shows them
     * to choose from). The tree judged is kept, so that its fingerprint pins what gets in.
     *
     * @param requested the layers the run asks for (not an image alias's built-in layer)
     * @param offered whether the caller offers the project's layers to choose from
     * @param mayAsk whether the decider may be asked for this sandbox (not for a preview, say)
     * @param listener told why layers are not used
     * @return the trusted tree, or empty when the project's layers are not to be used
     * @throws InvalidSpecException when the layer tree cannot be used and the run asks for one of its layers
     */
    synchronized Optional<ProjectLayerTrust.Check> projectLayers(List<String> requested, boolean offered,
                                                                 boolean mayAsk, SandboxListener listener) {
        if (layers != null) {
            return layers;
        }
        if (requested.isEmpty() && !offered) {
            return Optional.empty();
        }
        ProjectLayerTrust.Check check;
        try {
            check = ProjectLayerTrust.check(directory, store);
        } catch (InvalidSpecException e) {
            Path layersDir = directory.resolve(LAYERS_FOLDER);
            if (requested.stream().anyMatch(name -> Files.exists(layersDir.resolve(name), LinkOption.NOFOLLOW_LINKS))) {
                throw e;
            }
            if (!unusableTold) {
                unusableTold = true;
                warn(listener, WarningCodes.PROJECT_LAYERS_UNUSABLE, e.getMessage() + " - " + e.hint());
            }
            return Optional.empty();
        }
        if (!check.hasLayers()) {
            return Optional.empty();
        }
        boolean needed = offered || requested.stream().anyMatch(check.layers()::hasLayer);
        String shown = check.layers().directory().toString();
        if (!check.trusted()) {
            if (trustAlways) {
                warn(listener, WarningCodes.PROJECT_LAYERS_FORCED, "Using the project's layers in " + shown
                    + " without asking (project content is trusted always)");
            } else if (!needed) {
                return Optional.empty();
            } else if (decider == null || !mayAsk) {
                warn(listener, WarningCodes.PROJECT_LAYERS_NOT_TRUSTED, "Project layers in " + shown + " are not "
                    + "trusted and there is no trust decider to ask (or asking is off): they are not used");
                return decided(Optional.empty());
            } else if (decider.trust(new TrustQuestion.ProjectLayerFiles(check))) {
                ProjectLayerTrust.trust(check, store);
            } else {
                warn(listener, WarningCodes.PROJECT_LAYERS_DECLINED, "Project layers in " + shown
                    + " skipped: not trusted");
                return decided(Optional.empty());
            }
        }
        return decided(Optional.of(check));
    }

    private Optional<ProjectLayerTrust.Check> decided(Optional<ProjectLayerTrust.Check> decision) {
        layers = decision;
        return decision;
    }

    /**
     * Where presets find the npm registry and Maven repositories: the user's own configuration,
     * looked up (once) only when a preset is in play, the project folder excluded since the
     * sandbox writes it; none otherwise.
     *
     * @param explicitPreset whether the builder chose a preset
     */
    synchronized RegistryHosts registries(boolean explicitPreset, SandboxListener listener) {
        if (!explicitPreset && loaded.config().container().networkPreset().isEmpty()) {
            return RegistryHosts.none();
        }
        if (registries == null) {
            registries = RegistryHosts.discover(environment, home(environment), directory);
            registries.warnings().forEach(w -> warn(listener, WarningCodes.NETWORK_REGISTRIES, w));
        }
        return registries;
    }

    /**
     * The providers of the credentials switched on by name or by {@code [credentials]}, GitHub's
     * unless switched off; see {@link NamedProviders}.
     */
    List<CredentialProvider> credentials(Map<String, Boolean> switches, boolean strict, SandboxListener listener) {
        return providers.providers(switches, strict, listener);
    }

    /**
     * Before a start, the records of sessions that ended more than {@code session.auto_cleanup_hours}
     * ago go (SPEC 4.5), as {@code mino run} does.
     */
    void cleanUpSessions(Sessions sessions) {
        long hours = loaded.config().session().autoCleanupHours();
        if (hours > 0) {
            sessions.prune(Duration.ofHours(hours));
        }
    }

    private static void warn(SandboxListener listener, String code, String message) {
        listener.onEvent(new MinoEvent.Warning(code, message));
    }

    private static Path home(Map<String, String> environment) {
        String home = environment.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }
}
