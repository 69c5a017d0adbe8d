package dev.mino.core.config;

/** What became of the local {@code .mino.toml} during {@link MinoConfig#load(ConfigOptions)}. */
public enum LocalConfigStatus {
    /** The search was turned off ({@code --no-local}). */
    DISABLED(false, false),
    /** No {@code .mino.toml} exists from the working directory up to the root. */
    NOT_FOUND(false, false),
    /** Loaded: it holds no security-sensitive settings. */
    LOADED(true, false),
    /** Loaded: these exact bytes were trusted before. */
    LOADED_TRUSTED(true, false),
    /** Loaded without asking because trust was forced ({@code --trust-local} or {@code MINO_TRUST_LOCAL}); a warning says so. */
    LOADED_FORCED(true, false),
    /** Loaded because the user said yes to the prompt; the decision was saved. */
    LOADED_CONFIRMED(true, false),
    /** Skipped: untrusted, sensitive, and no prompt was available; a warning says so. */
    SKIPPED_NON_INTERACTIVE(false, true),
    /** Skipped: the user said no to the prompt; a warning says so. */
    SKIPPED_DECLINED(false, true);

    private final boolean loaded;
    private final boolean skipped;

    LocalConfigStatus(boolean loaded, boolean skipped) {
        this.loaded = loaded;
        this.skipped = skipped;
    }

    /** Whether a local file was found and merged into the configuration. */
    public boolean loaded() {
        return loaded;
    }

    /** Whether a local file was found but left out for want of trust. */
    public boolean skipped() {
        return skipped;
    }
}
