package dev.mino.core.internal.credentials;

import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.core.internal.spec.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How credentials reach a sandbox without showing in {@code podman inspect}: each secret value is a
 * Podman secret mounted as a file under {@link #DIRECTORY} (a tmpfs of the sandbox), and the
 * command is started by {@link #WRAPPER}, which exports each file as an environment variable and
 * then execs the real command. (Podman 4.x shows env-type secrets in inspect; files it does not.)
 *
 * @param secrets the Podman secret per environment variable, in order
 * @param plainEnv the non-secret variables (a region, a project id)
 * @param providers the names of the providers that delivered something
 */
public record SecretDelivery(List<SecretFile> secrets, Map<String, String> plainEnv, List<String> providers) {
    /** Where the secret files are mounted. */
    public static final String DIRECTORY = "/run/mino-secrets";
    /**
     * Exports every secret file as a variable of its name, then runs the real command ({@code $@}).
     * The file names are environment variable names checked by the library; the values are read
     * verbatim and never pass through a command line.
     */
    public static final String WRAPPER = "for f in " + DIRECTORY + "/*; do [ -f \"$f\" ] || continue; "
        + "export \"${f##*/}=$(cat \"$f\")\"; done; exec \"$@\"";
    /** The name {@code $0} of the wrapper shell, shown by {@code ps}. */
    public static final String WRAPPER_NAME = "mino-env";
    /** No credentials. */
    public static final SecretDelivery NONE = new SecretDelivery(List.of(), Map.of(), List.of());

    /**
     * One secret: the Podman secret's name and the variable it becomes.
     */
    public record SecretFile(String secretName, String variable) {
    }

    /** Copies the collections. */
    public SecretDelivery {
        secrets = List.copyOf(secrets);
        plainEnv = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plainEnv));
        providers = List.copyOf(providers);
    }

    /** True when there is a secret to deliver, so the command must be wrapped. */
    public boolean wrapsCommand() {
        return !secrets.isEmpty();
    }

    /** The prefix of the names of every Podman secret of {@code session}. */
    public static String secretPrefix(String session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            // Session names may be 64 characters, and Podman allows 64 for a secret's whole name.
            return "mino-" + HexFormat.of().formatHex(digest, 0, 8) + "-";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The delivery of the credentials {@code issued} for {@code session}; see {@link #planned}. */
    public static SecretDelivery of(String session, List<IssuedCredential> issued) {
        return planned(session, issued.stream().map(PlannedCredential::of).toList());
    }

    /**
     * The delivery of credentials of these shapes for {@code session}; later credentials win on
     * clashes. The same for planned credentials as for issued ones of the same shape, so that a
     * dry run and a start agree: secret names depend on the session and the variables' order only.
     */
    public static SecretDelivery planned(String session, List<PlannedCredential> credentials) {
        java.util.Set<String> secretVars = new java.util.LinkedHashSet<>();
        Map<String, String> plain = new LinkedHashMap<>();
        List<String> providers = new ArrayList<>();
        for (PlannedCredential credential : credentials) {
            // The names become file names and shell variables: only plain identifiers pass.
            credential.secretVariables().forEach(Checks::envKey);
            credential.plainEnv().keySet().forEach(Checks::envKey);
            secretVars.addAll(credential.secretVariables());
            plain.putAll(credential.plainEnv());
            providers.add(credential.provider());
        }
        List<SecretFile> files = new ArrayList<>();
        int index = 0;
        for (String variable : secretVars) {
            files.add(new SecretFile(secretPrefix(session) + index++, variable));
        }
        return new SecretDelivery(files, plain, providers);
    }
}
