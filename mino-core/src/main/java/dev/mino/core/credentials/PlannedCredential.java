package dev.mino.core.credentials;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider will deliver, known before it mints anything: the names of its secret variables
 * (never values) and its plain variables with their values (a region, a project id, which are
 * settings, not secrets). A sandbox's plan is made from these, so that a dry run shows the
 * credentials' delivery (the secrets, the command wrapper) exactly as a start makes it, without
 * minting a token or reading the credential cache.
 *
 * @param provider the provider's name
 * @param secretVariables the names of the variables {@link IssuedCredential#secrets()} will hold, in order
 * @param plainEnv the variables {@link IssuedCredential#plainEnv()} will hold, with their values, in order
 */
public record PlannedCredential(String provider, List<String> secretVariables, Map<String, String> plainEnv) {

    /** Copies the collections, keeping their order. */
    public PlannedCredential {
        Objects.requireNonNull(provider, "provider");
        secretVariables = List.copyOf(secretVariables);
        plainEnv = Collections.unmodifiableMap(new LinkedHashMap<>(plainEnv));
    }

    /** The shape of a credential that was issued: its secret variables by name only, its plain env. */
    public static PlannedCredential of(IssuedCredential issued) {
        return new PlannedCredential(issued.provider(), List.copyOf(issued.secrets().keySet()), issued.plainEnv());
    }
}
