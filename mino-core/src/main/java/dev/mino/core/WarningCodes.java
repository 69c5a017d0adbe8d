package dev.mino.core;

/**
 * Stable codes of the warnings a {@link SandboxListener} hears as {@link MinoEvent.Warning#code()}
 * (and, by default, through {@link SandboxListener#onWarning(String, String)}): a code names the
 * kind of warning and never changes, while its message may be reworded. A caller that shows
 * warnings can use the code to decide how often to repeat one (the CLI says each at most once a
 * day unless {@code -v}). Warnings without a code have a null code, and by default are told
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

    private WarningCodes() {
    }
}
