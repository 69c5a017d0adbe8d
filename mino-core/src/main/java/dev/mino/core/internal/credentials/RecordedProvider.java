package dev.mino.core.internal.credentials;

import dev.mino.core.MinoException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import java.util.Objects;

/**
 * A credential provider as a session record names it: the spec of a sandbox opened from its
 * record tells which providers gave it credentials, but the provider objects lived in the JVM that
 * started it, and this one cannot issue anything. Equal to another of the same name.
 */
public final class RecordedProvider implements CredentialProvider {
    private final String name;

    /** The provider named {@code name} in a session record. */
    public RecordedProvider(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String cacheKey() {
        return "recorded:" + name;
    }

    @Override
    public IssuedCredential issue() {
        throw new MinoException("the credentials of provider " + name + " were issued by the program that started "
            + "the sandbox; a handle opened on the running sandbox cannot issue them again",
            "start a new sandbox to get new credentials");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedProvider that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "RecordedProvider[" + name + "]";
    }
}
