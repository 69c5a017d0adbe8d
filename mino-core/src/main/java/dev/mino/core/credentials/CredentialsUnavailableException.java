package dev.mino.core.credentials;

import java.util.List;

/**
 * Strict credential loading ({@link dev.mino.core.SandboxBuilder#strictCredentials(boolean)})
 * stopped the sandbox before it started: a provider that was turned on could not be created or
 * could not issue its credentials. The message lists each provider and why; the hint says how to
 * go on without them.
 */
public class CredentialsUnavailableException extends CredentialException {
    private static final long serialVersionUID = 1L;

    /** The hint: how to go on without the credentials, naming the builder method. */
    public static final String HINT = "turn strict credential loading off (strictCredentials(false)) to start "
        + "without them";

    private final List<String> providers;

    /**
     * @param providers the providers that failed, as messages name them (for example {@code AWS})
     * @param reasons one reason per provider, {@code <provider>: <why>}
     */
    public CredentialsUnavailableException(List<String> providers, List<String> reasons) {
        super(String.join(", ", providers), "Credential loading failed for: " + String.join(", ", providers) + " ("
            + String.join("; ", reasons) + ")", HINT, null);
        this.providers = List.copyOf(providers);
    }

    /** The providers that failed, in the order they were loaded. */
    public List<String> providers() {
        return providers;
    }
}
