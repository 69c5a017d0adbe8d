package dev.mino.credentials.internal;

import dev.mino.core.credentials.CredentialException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The optional cloud SDKs, each with the classes that prove it is usable and the Maven artifacts
 * that bring them. The providers ask here before any class that links against an SDK is loaded,
 * so a missing SDK is a {@link CredentialException} naming the artifact, never a linkage error.
 */
public enum Sdk {
    /** AWS SDK for Java v2: STS plus the HttpURLConnection transport the provider sets explicitly. */
    AWS("aws", "AWS", List.of(
        new Probe("software.amazon.awssdk.services.sts.StsClient", "software.amazon.awssdk:sts"),
        new Probe("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient",
            "software.amazon.awssdk:url-connection-client"))),

    /** Google auth library. */
    GCP("gcp", "GCP", List.of(
        new Probe("com.google.auth.oauth2.GoogleCredentials", "com.google.auth:google-auth-library-oauth2-http"))),

    /** Azure identity plus the JDK HttpClient transport the provider sets explicitly. */
    AZURE("azure", "Azure", List.of(
        new Probe("com.azure.identity.DefaultAzureCredentialBuilder", "com.azure:azure-identity"),
        new Probe("com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder",
            "com.azure:azure-core-http-jdk-httpclient")));

    private final String provider;
    private final String displayName;
    private final List<Probe> probes;

    Sdk(String provider, String displayName, List<Probe> probes) {
        this.provider = provider;
        this.displayName = displayName;
        this.probes = probes;
    }

    /** The name of the provider that needs this SDK: {@code aws}, {@code gcp} or {@code azure}. */
    public String provider() {
        return provider;
    }

    /** Whether every class this SDK needs can be loaded by this module's class loader. */
    public boolean isPresent() {
        return isPresent(Sdk::loadable);
    }

    /** Like {@link #isPresent()} with another class check; tests use it to simulate a missing SDK. */
    public boolean isPresent(Predicate<String> classCheck) {
        return firstMissing(classCheck) == null;
    }

    /** Throws unless the SDK is present. */
    public void require() {
        require(Sdk::loadable);
    }

    /**
     * Throws unless every class passes the check.
     *
     * @throws CredentialException naming the artifact to add
     */
    public void require(Predicate<String> classCheck) {
        Probe missing = firstMissing(classCheck);
        if (missing != null) {
            throw new CredentialException(provider,
                displayName + " credentials need " + missing.artifact() + ", which is not on the class path",
                "Add the Maven dependencies " + artifacts() + " (the versions are in mino-credentials' pom)", null);
        }
    }

    /**
     * Runs a provider's call into this SDK so that callers only ever see {@link CredentialException}:
     * a {@link CredentialException} passes through, anything else the SDK throws becomes
     * {@link #unexpected} (with {@code secrets} masked) or {@link #incomplete}.
     */
    public <T> T call(Supplier<T> call, Collection<String> secrets) {
        try {
            return call.get();
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(e, secrets);
        } catch (LinkageError e) {
            throw incomplete(e);
        }
    }

    /**
     * The exception for an SDK whose entry classes are present but that failed to link later (a
     * jar of its dependencies missing, or one of another version).
     */
    public CredentialException incomplete(LinkageError error) {
        return new CredentialException(provider, displayName + " credentials failed because the SDK on the class path"
            + " is incomplete or mismatched: " + error, "Add the Maven dependencies " + artifacts()
            + " with their dependencies, in the versions mino-credentials was built with", error);
    }

    /**
     * The exception for an SDK failure that the provider did not anticipate (an SDK bug, a setting
     * the SDK rejects), so that callers only ever see {@link CredentialException}.
     *
     * @param secrets values to mask if the SDK's message happens to quote them
     */
    public CredentialException unexpected(RuntimeException error, Collection<String> secrets) {
        return new CredentialException(provider, displayName + " credential error: "
            + SecretText.clean(error.getClass().getSimpleName() + ": " + error.getMessage(), secrets), "", error);
    }

    /** The Maven coordinates (group:artifact) this SDK needs, comma-separated. */
    public String artifacts() {
        return String.join(", ", probes.stream().map(Probe::artifact).toList());
    }

    private Probe firstMissing(Predicate<String> classCheck) {
        for (Probe probe : probes) {
            boolean present;
            try {
                present = classCheck.test(probe.className());
            } catch (RuntimeException | LinkageError e) {
                present = false;
            }
            if (!present) {
                return probe;
            }
        }
        return null;
    }

    /** Loads without initialising, so probing never runs an SDK's static set-up. */
    static boolean loadable(String className) {
        try {
            Class.forName(className, false, Sdk.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private record Probe(String className, String artifact) {
    }
}
