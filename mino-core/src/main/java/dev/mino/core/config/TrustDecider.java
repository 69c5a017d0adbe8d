package dev.mino.core.config;

/**
 * Answers, with the embedder's own user interface, whether to trust what a project brings that
 * the library will not use by itself: a local {@code .mino.toml} with security-sensitive settings,
 * or the project's own layers ({@code .mino/layers}), whose install scripts run as root when the
 * image is built. Both are writable by the sandboxed command and by whoever shipped the
 * repository, so the question shows exactly what would be trusted (the fields, or the files that
 * changed since they were last trusted), and a yes is recorded for exactly that content.
 *
 * <p>Set on {@link dev.mino.core.Mino.Builder#trustDecider(TrustDecider)}. Without a decider
 * nothing untrusted is used, and a warning with a stable code says so. The decider is called on
 * the thread that builds, plans or starts the sandbox, only when the answer matters (a project
 * layer is asked for), and at most once per question and builder. A decider that cannot ask
 * (no user at hand) returns false.
 */
@FunctionalInterface
public interface TrustDecider {

    /**
     * Asks the user.
     *
     * @param question what would be trusted, with the facts to show
     * @return true to trust it (the decision is recorded for exactly this content), false to go
     *     on without it
     */
    boolean trust(TrustQuestion question);
}
