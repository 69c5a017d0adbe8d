package dev.mino.core;

/**
 * Stable codes of the warnings a {@link SandboxListener} hears as {@link MinoEvent.Warning#code()}
 * (and, by default, through {@link SandboxListener#onWarning(String, String)}): a code names the
 * kind of warning and never changes, while its message may be reworded. A caller that shows
 * warnings can use the code to decide how often to repeat one (the CLI says those about the host
 * at most once a day unless {@code -v}), or to word it its own way (the CLI names its flags where
 * the library's text names builder methods and settings). Warnings without a code have a null code, and by default are told
 * through {@link SandboxListener#onWarning(String)} only.
 */
public final class WarningCodes {
    /**
     * The engine does not enforce the sandboxes' memory, CPU or pids limits (a rootless Podman on
     * cgroup v1, or a cgroup v2 without the controllers delegated). Told once per {@link Mino} and engine.
     */
    public static final String LIMITS_NOT_ENFORCED = "engine.limits-not-enforced";
    /** No GitHub token was found, so the sandbox gets none. Told once per {@link Mino} and message. */
    public static final String GITHUB_NO_TOKEN = "credentials.github.no-token";

    /** A configuration file sets a key the schema does not know; the key is ignored. */
    public static final String CONFIG_UNKNOWN_KEY = "config.unknown-key";
    /** A local {@code .mino.toml} that was trusted is gone: the settings relied on may be too. */
    public static final String CONFIG_LOCAL_GONE = "config.local-gone";
    /** A trusted local {@code .mino.toml} changed and no longer sets anything that needs trust. */
    public static final String CONFIG_LOCAL_CHANGED = "config.local-changed";
    /** An untrusted local {@code .mino.toml} with sensitive settings was loaded because local config is trusted always. */
    public static final String CONFIG_LOCAL_FORCED = "config.local-forced";
    /** An untrusted local {@code .mino.toml} with sensitive settings was skipped: no trust decider to ask. */
    public static final String CONFIG_LOCAL_NOT_TRUSTED = "config.local-not-trusted";
    /** An untrusted local {@code .mino.toml} with sensitive settings was skipped: the trust decider said no. */
    public static final String CONFIG_LOCAL_DECLINED = "config.local-declined";
    /** The trust store was corrupt and was read as empty. */
    public static final String CONFIG_TRUST_STORE = "config.trust-store";
    /** The project's own layers were used without asking, because they are trusted always. */
    public static final String PROJECT_LAYERS_FORCED = "trust.project-layers-forced";
    /** The project's own layers are not trusted and there is no trust decider to ask: they are not used. */
    public static final String PROJECT_LAYERS_NOT_TRUSTED = "trust.project-layers-not-trusted";
    /** The trust decider said no to the project's own layers: they are not used. */
    public static final String PROJECT_LAYERS_DECLINED = "trust.project-layers-declined";
    /**
     * The project's layer folder cannot be used (a symbolic link in it, say); the run asks for
     * none of its layers, so it goes on without them.
     */
    public static final String PROJECT_LAYERS_UNUSABLE = "trust.project-layers-unusable";
    /**
     * A credential provider that {@code [credentials]} or the builder turns on cannot be created
     * (its artifact is missing, or its settings are wrong); the sandbox starts without it.
     */
    public static final String CREDENTIALS_UNAVAILABLE = "credentials.unavailable";
    /** Looking for the user's npm or Maven registries (for a network preset) found something wrong. */
    public static final String NETWORK_REGISTRIES = "network.registries";

    private WarningCodes() {
    }
}
