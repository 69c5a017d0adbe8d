package dev.mino.core.internal.credentials;

import dev.mino.core.MinoException;
import dev.mino.core.SandboxListener;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import java.util.ArrayList;
import java.util.List;

/**
 * Mints the credentials a sandbox asked for, in order. Strict: the first failure aborts the start
 * with every failure named. Lenient (the default, as mino 1.6.0): failures become warnings and the
 * sandbox starts with the credentials that worked (SPEC 5.6).
 */
public final class CredentialLoader {
    private CredentialLoader() {
    }

    /** The credentials minted (or cached) for {@code providers}. */
    public static List<IssuedCredential> load(List<CredentialProvider> providers, CredentialCache cache,
                                              boolean strict, SandboxListener listener) {
        List<IssuedCredential> issued = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (CredentialProvider provider : providers) {
            try {
                issued.add(cache.get(provider));
            } catch (MinoException e) {
                failed.add(provider.name());
                messages.add(provider.name() + ": " + e.describe());
            } catch (RuntimeException e) {
                // An SDK's own exception: its message may hold details, never the token we have not got.
                failed.add(provider.name());
                messages.add(provider.name() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            if (strict) {
                throw new CredentialException(String.join(", ", failed), "Credential loading failed for: "
                    + String.join(", ", failed) + " (" + String.join("; ", messages) + ")",
                    "fix the credentials, or start without strict credentials to continue without them", null);
            }
            messages.forEach(listener::onWarning);
        }
        return issued;
    }
}
