package dev.mino.core.config;

import java.util.Objects;

/**
 * A security-relevant setting found in an untrusted local {@code .mino.toml}: something a cloned
 * repository (or a sandbox that wrote the project) could use to mount host paths, change the
 * network, pick the image, touch credentials, loosen the container, keep files across runs, or
 * turn the audit log off. Every key is one unless known to be harmless.
 *
 * @param name the dotted key, e.g. {@code container.volumes}; the whole {@code credentials}
 *     table counts as one field named {@code credentials}
 * @param summary the whole value as shown to the user, on one line: strings quoted with control
 *     and format characters escaped, every item of an array, every key of a table with its value
 */
public record SensitiveField(String name, String summary) {

    /** The name of the field that stands for the whole {@code credentials} table. */
    public static final String CREDENTIALS = "credentials";

    /** @throws NullPointerException if a value is null */
    public SensitiveField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * The line shown in the trust prompt's note: {@code container.volumes = ["/:/host"]}, or
     * {@code [credentials] = { aws }} for the credentials table.
     */
    public String displayLine() {
        return (CREDENTIALS.equals(name) ? "[credentials]" : name) + " = " + summary;
    }
}
