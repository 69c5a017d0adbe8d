package dev.mino.core.internal.credentials;

import dev.mino.core.credentials.CredentialPlaceholders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a sandbox that holds credential placeholders comes to trust mino's per-user certificate
 * authority, which the credential proxy presents on the providers' hosts, without losing the
 * image's own authorities.
 *
 * <p>The authority's certificate and a Java trust store (the JDK's authorities plus mino's) are
 * Podman secrets mounted as files in {@link #DIRECTORY}, a small tmpfs of the sandbox. Before the
 * command, the wrapper writes {@link #BUNDLE}: the image's own bundle (the first of the usual
 * places that exists) followed by mino's certificate. The usual variables point at these files,
 * so OpenSSL, curl, git, Python, Node and Java programs trust both; a variable the caller set
 * keeps the caller's value. Nothing here is secret: the authority's private key never leaves the
 * state directory.
 *
 * @param authoritySecret the Podman secret holding the authority's certificate (PEM)
 * @param javaTrustSecret the Podman secret holding the Java trust store (PKCS12)
 */
public record TrustDelivery(String authoritySecret, String javaTrustSecret) {
    /** The tmpfs the trust files live in. */
    public static final String DIRECTORY = "/run/mino-trust";
    /** mino's certificate authority, PEM. */
    public static final String AUTHORITY = DIRECTORY + "/mino-ca.pem";
    /** The Java trust store: the JDK's authorities and mino's. */
    public static final String JAVA_TRUST = DIRECTORY + "/java-trust.p12";
    /** The image's authorities followed by mino's, written by the wrapper. */
    public static final String BUNDLE = DIRECTORY + "/ca-bundle.pem";
    /** The password of {@link #JAVA_TRUST}, which holds only public certificates. */
    public static final String JAVA_TRUST_PASSWORD = "changeit";

    /** Where distributions keep their bundle of authorities, in the order looked at. */
    private static final List<String> IMAGE_BUNDLES = List.of("/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem");

    /**
     * Runs before {@link SecretDelivery#WRAPPER}: the bundle from the image's own bundle, if any,
     * and mino's certificate. Written by the sandbox's user into the sandbox's own tmpfs.
     */
    public static final String WRAPPER_PREFIX = "for c in " + String.join(" ", IMAGE_BUNDLES)
        + "; do if [ -f \"$c\" ]; then cat \"$c\"; echo; break; fi; done > " + BUNDLE + "; cat " + AUTHORITY
        + " >> " + BUNDLE + "; ";

    /**
     * The trust delivery of a sandbox of {@code session} whose credentials come from
     * {@code providers}, or null when none of them is given as placeholders (then the sandbox
     * trusts only what its image trusts, as without mino).
     */
    public static TrustDelivery of(String session, CredentialPlaceholders placeholders, List<String> providers) {
        if (providers.stream().noneMatch(placeholders::appliesTo)) {
            return null;
        }
        String prefix = SecretDelivery.secretPrefix(session);
        return new TrustDelivery(prefix + "ca", prefix + "jts");
    }

    /** The variables that point programs at the trust files. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SSL_CERT_FILE", BUNDLE);
        env.put("REQUESTS_CA_BUNDLE", BUNDLE);
        env.put("CURL_CA_BUNDLE", BUNDLE);
        env.put("GIT_SSL_CAINFO", BUNDLE);
        env.put("NODE_EXTRA_CA_CERTS", AUTHORITY);
        env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + JAVA_TRUST
            + " -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=" + JAVA_TRUST_PASSWORD);
        return env;
    }

    /** The Podman secret per file it becomes, in order. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(authoritySecret, AUTHORITY);
        files.put(javaTrustSecret, JAVA_TRUST);
        return files;
    }
}
