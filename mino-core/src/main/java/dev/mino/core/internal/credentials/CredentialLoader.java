package dev.mino.core.internal.credentials;

import dev.mino.core.MinoEvent;
import dev.mino.core.MinoException;
import dev.mino.core.SandboxListener;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialsUnavailableException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.sandbox.WarnedOnce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints the credentials a sandbox asked for, in order. Strict: the first failure aborts the start
 * with every failure named. Lenient (the default, as mino 1.6.0): failures become warnings and the
 * sandbox starts with the credentials that worked (SPEC 5.6).
 */
public final class CredentialLoader {
    private CredentialLoader() {
    }

    /**
     * The credentials minted (or cached) for {@code providers}.
     *
     * @param told the coded warnings told already (a Mino's), each of which comes once
     */
    public static List<IssuedCredential> load(List<CredentialProvider> providers, CredentialCache cache,
                                              boolean strict, SandboxListener listener, WarnedOnce told) {
        List<IssuedCredential> issued = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Map<String, String> codes = new HashMap<>();
        for (CredentialProvider provider : providers) {
            try {
                issued.add(cache.get(provider));
            } catch (MinoException e) {
                failed.add(provider.name());
                String message = provider.name() + ": " + e.describe();
                messages.add(message);
                if (e instanceof CredentialException coded) {
                    coded.warningCode().ifPresent(code -> codes.put(message, code));
                }
            } catch (RuntimeException e) {
                // Another provider's own exception: only its type is reported, as its message is
                // outside our control and might quote what it was given.
                failed.add(provider.name());
                messages.add(provider.name() + ": failed with " + e.getClass().getName());
            }
        }
        if (!failed.isEmpty()) {
            if (strict) {
                throw new CredentialsUnavailableException(failed, messages);
            }
            for (String message : messages) {
                String code = codes.get(message);
                if (code == null) {
                    listener.onEvent(new MinoEvent.Warning(null, message));
                } else {
                    // A state of the host (no GitHub token), not a failure of this start: once per Mino.
                    told.tell(listener, code, message, message);
                }
            }
        }
        for (IssuedCredential credential : issued) {
            listener.onEvent(issuedEvent(credential));
        }
        return issued;
    }

    /** What the listener hears of a credential: its provider, variable names and expiry, never a value. */
    public static MinoEvent.CredentialsIssued issuedEvent(IssuedCredential credential) {
        List<String> variables = new ArrayList<>(credential.secrets().keySet());
        variables.addAll(credential.plainEnv().keySet());
        return new MinoEvent.CredentialsIssued(credential.provider(), variables, credential.expiresAt());
    }
}
