package dev.mino.proxy;

import dev.mino.proxy.internal.CredentialMinting;
import dev.mino.proxy.internal.ServedHosts;
import dev.mino.proxy.internal.SigV4;
import dev.mino.proxy.internal.SigV4Signed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AWS swap: re-signs requests that the sandbox signed (AWS Signature Version 4) with its
 * placeholder keys, using the real keys, so that the real secret never enters the sandbox.
 *
 * <p>A request is this swap's only when it is signed with the placeholder's access key id, in its
 * {@code Authorization} field ({@code AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=..., Signature=...}) or as a presigned URL ({@code X-Amz-Credential}, {@code X-Amz-Signature}
 * in the query). Every other request, including one signed with any other key, is left as it was.
 * For its own requests the swap:
 * <ol>
 *   <li>checks the signature with the placeholder secret over the request as received, so that
 *       the real signature covers exactly what the sandbox signed; a request whose signature does
 *       not hold is refused. Clients do not all write the canonical path and query alike (S3
 *       signs the path as sent, other services normalise and encode it again; some clients
 *       collapse {@code //}), so the swap tries those forms and keeps the one that verifies;</li>
 *   <li>puts the real session token where the placeholder's was ({@code X-Amz-Security-Token},
 *       header field or query parameter), removes it when the real keys have none, and adds it
 *       (signed) when the request had none and the real keys have one;</li>
 *   <li>signs the request again with the real secret: the same date, region, service, signed
 *       headers and payload hash, and writes the {@code Authorization} field or the presigned
 *       URL's {@code X-Amz-Credential} and {@code X-Amz-Signature};</li>
 *   <li>records the real secret and the real session token (also percent-encoded, and with its
 *       slashes JSON-escaped) with
 *       {@link ProxiedRequest#revealed(String)}, so that the proxy masks them in the answers (an
 *       S3 {@code SignatureDoesNotMatch} error quotes the canonical request, token included).</li>
 * </ol>
 *
 * <p>The payload hash is the {@code x-amz-content-sha256} field when there is one (also
 * {@code UNSIGNED-PAYLOAD} and {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}); without it the swap asks
 * for the body ({@link #needsBody}) and hashes it. A presigned URL signs {@code UNSIGNED-PAYLOAD} or
 * the hash of its body.
 *
 * <p>Refused with {@link SwapRefusedException} (nothing is sent on): chunk-signed uploads
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}; each chunk's signature chains from the request's,
 * and the proxy does not rewrite bodies: configure the client to send unsigned payloads over
 * HTTPS, as {@link #CHUNK_SIGNED_REFUSAL} says); SigV4a ({@code AWS4-ECDSA-P256-SHA256}) and
 * Signature Version 2 with the placeholder key; a request whose {@code Host} field is not the
 * server it was sent to (so that a real signature never leaves bound to another host); and one
 * carrying a session token other than the placeholder's. Also refused: calls whose answer holds
 * new real credentials ({@code sts:AssumeRole}, {@code GetSessionToken}, {@code GetFederationToken},
 * {@code iam:CreateAccessKey} and the like): re-signed, they would give the sandbox keys of its own
 * that work without the proxy. To see their action the swap asks for the body of every STS and IAM
 * request (they are small).
 *
 * <p>The real keys come from a supplier called on each swap, so refreshed keys are used at once.
 * Thread-safe when the supplier is.
 */
public final class SigV4Swap implements CredentialSwap {
    /** The hosts served when none are named: AWS's commercial and China partitions. */
    public static final List<String> DEFAULT_HOSTS = List.of("*.amazonaws.com", "amazonaws.com", "*.amazonaws.com.cn");

    /** What the sandbox is told when it sends a chunk-signed upload. */
    public static final String CHUNK_SIGNED_REFUSAL = "mino's credential proxy does not re-sign chunk-signed uploads"
            + " (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD): each chunk's signature chains from the"
            + " request's, and the proxy does not rewrite bodies. Send the payload unsigned over HTTPS instead:"
            + " AWS SDK for Java 2.x: S3Configuration chunkedEncodingEnabled(false); 1.x: the client builder's"
            + " disableChunkedEncoding(); the AWS CLI, boto3 and recent SDKs do so over HTTPS by default.";

    private static final String PROVIDER = "aws";
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final String TOKEN_HEADER = "x-amz-security-token";
    private static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    private static final String EMPTY_SHA256 = SigV4.hex(SigV4.sha256(new byte[0]));

    private final ServedHosts hosts;
    private final AwsKeys placeholder;
    private final Supplier<AwsKeys> realKeys;

    /**
     * A swap for the {@link #DEFAULT_HOSTS}.
     *
     * @param placeholder the keys the sandbox holds
     * @param realKeys gives the real keys; called on each swap
     */
    public SigV4Swap(AwsKeys placeholder, Supplier<AwsKeys> realKeys) {
        this(DEFAULT_HOSTS, placeholder, realKeys);
    }

    /**
     * A swap for the hosts matching {@code hostPatterns}: exact names ({@code sts.amazonaws.com})
     * or wildcards over a domain ({@code *.amazonaws.com}, not matching the domain itself).
     *
     * @param hostPatterns the hosts whose requests are re-signed
     * @param placeholder the keys the sandbox holds
     * @param realKeys gives the real keys; called on each swap
     * @throws IllegalArgumentException for no pattern, a pattern that is not a host name or a
     *     wildcard over a domain, or a wildcard over a top-level domain
     */
    public SigV4Swap(List<String> hostPatterns, AwsKeys placeholder, Supplier<AwsKeys> realKeys) {
        this.hosts = ServedHosts.of(hostPatterns);
        this.placeholder = Objects.requireNonNull(placeholder, "placeholder");
        this.realKeys = Objects.requireNonNull(realKeys, "realKeys");
    }

    /** The host patterns served, lower case. */
    public List<String> hostPatterns() {
        return hosts.patterns();
    }

    /** {@code aws}. */
    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Whether {@code host} matches one of the host patterns. */
    @Override
    public boolean servesHost(String host) {
        return hosts.matches(host);
    }

    /**
     * True for a request signed in its {@code Authorization} field with the placeholder key and
     * without an {@code x-amz-content-sha256} field (its signature covers the body's hash), and for
     * every STS or IAM request signed with the placeholder key (its action may be in the body).
     */
    @Override
    public boolean needsBody(ProxiedRequest request) {
        try {
            Optional<SigV4Signed> signed = placeholderSignature(request);
            return signed.isPresent() && (CredentialMinting.guards(signed.get().service())
                    || !signed.get().presigned() && request.header(CONTENT_SHA256).isEmpty());
        } catch (SwapRefusedException e) {
            // apply() refuses it with the same message; the body does not matter then.
            return false;
        }
    }

    /**
     * Re-signs {@code request} with the real keys when it is signed with the placeholder key.
     *
     * @return false (and nothing changed) when the request is not signed with the placeholder key
     * @throws SwapRefusedException when the request is signed with the placeholder key but its
     *     signature does not hold, or it is in a form this swap does not re-sign (see the class
     *     description), or the real keys cannot be had
     */
    @Override
    public boolean apply(ProxiedRequest request) {
        Optional<SigV4Signed> found = placeholderSignature(request);
        if (found.isEmpty()) {
            return false;
        }
        SigV4Signed signed = found.get();
        checkHost(request, signed);
        String amzDate = amzDate(request, signed);
        checkSessionToken(request, signed);
        Form form = verified(request, signed, amzDate, payloadHashes(request, signed));
        refuseCredentialMinting(request, signed);
        AwsKeys real = realKeys();
        reveal(request, real);
        if (signed.presigned()) {
            resignQuery(request, signed, amzDate, form, real);
        } else {
            resignHeader(request, signed, amzDate, form, real);
        }
        return true;
    }

    /** The signature made with the placeholder key, if the request has one. */
    private Optional<SigV4Signed> placeholderSignature(ProxiedRequest request) {
        String keyId = placeholder.accessKeyId();
        if (SigV4Signed.sigV2KeyId(request).filter(keyId::equals).isPresent()) {
            throw new SwapRefusedException("This request is signed with AWS Signature Version 2, which mino's"
                    + " credential proxy does not re-sign; use Signature Version 4 (every current AWS SDK and CLI does).");
        }
        SigV4Signed inHeader = null;
        for (String value : request.headers("Authorization")) {
            String trimmed = value.strip();
            boolean namesPlaceholder = trimmed.contains("Credential=" + keyId + "/");
            if (trimmed.startsWith("AWS4-") && namesPlaceholder) {
                checkAlgorithm(trimmed.split(" ", 2)[0]);
            }
            Optional<SigV4Signed> signed = parse(() -> SigV4Signed.fromAuthorization(value), namesPlaceholder);
            if (signed.isPresent() && signed.get().accessKeyId().equals(keyId)) {
                if (inHeader != null) {
                    throw new SwapRefusedException("This request has two Authorization fields signed with the placeholder key.");
                }
                inHeader = signed.get();
            }
        }
        // The key id alone in a query is no signature (iam GetAccessKeyLastUsed?AccessKeyId=... names one).
        boolean queryNamesPlaceholder = queryValue(request.target(), SigV4Signed.CREDENTIAL_PARAM)
                .filter(credential -> credential.startsWith(keyId + "/")).isPresent();
        if (queryNamesPlaceholder) {
            checkAlgorithm(queryValue(request.target(), SigV4Signed.ALGORITHM_PARAM).orElse("(none)"));
        }
        String query = SigV4Signed.query(request.target());
        SigV4Signed inQuery = parse(() -> SigV4Signed.fromQuery(query), queryNamesPlaceholder)
                .filter(s -> s.accessKeyId().equals(keyId)).orElse(null);
        if (inHeader != null && inQuery != null) {
            throw new SwapRefusedException("This request is signed twice with the placeholder key, in its"
                    + " Authorization field and in its query; AWS accepts only one.");
        }
        return Optional.ofNullable(inHeader != null ? inHeader : inQuery);
    }

    private static void checkAlgorithm(String algorithm) {
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new SwapRefusedException("This request is signed with the placeholder key by the algorithm " + algorithm
                    + "; mino's credential proxy re-signs only " + SigV4.ALGORITHM
                    + " (SigV4a, AWS4-ECDSA-P256-SHA256, used for multi-region access points, is not re-signed).");
        }
    }

    private interface Parse {
        Optional<SigV4Signed> run();
    }

    /** Runs a parse; a malformed signature is ours to refuse only when it names the placeholder key. */
    private static Optional<SigV4Signed> parse(Parse parse, boolean namesPlaceholder) {
        try {
            return parse.run();
        } catch (IllegalArgumentException e) {
            if (namesPlaceholder) {
                throw new SwapRefusedException("This request's AWS signature is malformed: " + e.getMessage() + ".");
            }
            return Optional.empty();
        }
    }

    /**
     * The signed Host must be the server the request goes to: otherwise a real signature for one
     * AWS host could be sent, through another name the proxy serves, to a server that keeps it.
     */
    private static void checkHost(ProxiedRequest request, SigV4Signed signed) {
        if (!signed.signedHeaders().contains("host")) {
            throw new SwapRefusedException("This request's AWS signature does not cover its Host field,"
                    + " which Signature Version 4 requires.");
        }
        List<String> fields = request.headers("Host");
        String expected = request.host().toLowerCase(Locale.ROOT);
        String host = fields.size() == 1 ? fields.get(0).strip().toLowerCase(Locale.ROOT) : "";
        if (!host.equals(expected) && !host.equals(expected + ":" + request.port())) {
            throw new SwapRefusedException("This request's Host field does not name the server it was sent to ("
                    + expected + "); mino's credential proxy re-signs a request only for that server.");
        }
    }

    private static String amzDate(ProxiedRequest request, SigV4Signed signed) {
        Optional<String> date = signed.presigned()
                ? queryValue(request.target(), SigV4Signed.DATE)
                : request.header(SigV4Signed.DATE);
        return date.map(String::strip).orElseThrow(() -> new SwapRefusedException("This request's AWS signature"
                + " has no X-Amz-Date; mino's credential proxy re-signs only requests that carry one."));
    }

    /** The session token the request carries must be the placeholder's (or none). */
    private void checkSessionToken(ProxiedRequest request, SigV4Signed signed) {
        List<String> tokens = signed.presigned()
                ? queryValue(request.target(), SigV4Signed.SECURITY_TOKEN).map(List::of).orElse(List.of())
                : request.headers(TOKEN_HEADER);
        for (String token : tokens) {
            if (!placeholder.sessionToken().map(token.strip()::equals).orElse(false)) {
                throw new SwapRefusedException("This request is signed with the placeholder key but carries"
                        + " a session token that is not the placeholder's.");
            }
        }
    }

    private static void refuseCredentialMinting(ProxiedRequest request, SigV4Signed signed) {
        if (!CredentialMinting.guards(signed.service())) {
            return;
        }
        if (request.body().isEmpty()) {
            throw new SwapRefusedException("This " + signed.service() + " request's body was not read, so mino's"
                    + " credential proxy cannot tell whether it asks for new credentials; it is not re-signed.");
        }
        CredentialMinting.action(signed.service(), request).ifPresent(action -> {
            throw new SwapRefusedException("mino's credential proxy does not re-sign " + action + ": its answer would"
                    + " give the sandbox real AWS credentials of its own. Let mino assume the role or make the keys"
                    + " outside the sandbox (its AWS credential settings) instead.");
        });
    }

    /** The payload hashes the signature may cover, most likely first. */
    private static List<String> payloadHashes(ProxiedRequest request, SigV4Signed signed) {
        Optional<String> declared = request.header(CONTENT_SHA256).map(String::strip);
        if (declared.isPresent()) {
            String hash = declared.get();
            if (hash.startsWith("STREAMING-") && !hash.equals(UNSIGNED_TRAILER)) {
                throw new SwapRefusedException(CHUNK_SIGNED_REFUSAL);
            }
            return List.of(hash);
        }
        LinkedHashSet<String> hashes = new LinkedHashSet<>();
        if (signed.presigned()) {
            hashes.add(SigV4.UNSIGNED_PAYLOAD);
        }
        request.body().ifPresent(body -> hashes.add(SigV4.hex(SigV4.sha256(body))));
        if (signed.presigned()) {
            hashes.add(EMPTY_SHA256);
        }
        if (hashes.isEmpty()) {
            throw new SwapRefusedException("This AWS request has no x-amz-content-sha256 field and its body was not"
                    + " read, so its signature cannot be checked.");
        }
        return List.copyOf(hashes);
    }

    /**
     * How the sandbox's client wrote the canonical request: the path form, whether it decoded and
     * encoded the query again, whether a presigned URL's token was signed, and the payload hash.
     */
    private record Form(String canonicalPath, boolean reencodeQuery, boolean tokenSigned, String payloadHash) {
    }

    /** The form under which the placeholder secret gives the request's signature. */
    private Form verified(ProxiedRequest request, SigV4Signed signed, String amzDate, List<String> payloadHashes) {
        byte[] key = SigV4.signingKey(placeholder.secretAccessKey(), signed.date(), signed.region(), signed.service());
        String rawQuery = SigV4Signed.query(request.target());
        List<String> headerLines = headerLines(request, signed.signedHeaders());
        String signedHeaders = String.join(";", signed.signedHeaders());
        List<Boolean> tokenForms = signed.presigned() ? List.of(true, false) : List.of(true);
        for (String path : canonicalPaths(SigV4Signed.path(request.target()), signed.service())) {
            for (boolean reencode : List.of(true, false)) {
                for (boolean tokenSigned : tokenForms) {
                    String query = canonicalQuery(rawQuery, signed.presigned(), reencode, tokenSigned);
                    for (String hash : payloadHashes) {
                        String canonical = SigV4.canonicalRequest(request.method(), path, query, headerLines,
                                signedHeaders, hash);
                        String signature = SigV4.signature(key, SigV4.stringToSign(amzDate, signed.scope(), canonical));
                        if (SigV4.sameSignature(signature, signed.signature())) {
                            return new Form(path, reencode, tokenSigned, hash);
                        }
                    }
                }
            }
        }
        throw new SwapRefusedException("The request's signature does not match its placeholder key: mino's credential"
                + " proxy re-signs only what the placeholder's holder signed (was the request changed after signing?).");
    }

    /**
     * The canonical path forms clients use: S3 signs the path as sent; other services normalise
     * it and encode it again (SDKs), or encode the decoded path once (AWS's test suite); some
     * collapse empty segments. The service's usual form comes first.
     */
    private static List<String> canonicalPaths(String rawPath, String service) {
        String path = rawPath.isEmpty() ? "/" : rawPath;
        String asSent = path;
        String asSentEncodedOnce = SigV4.uriEncode(SigV4.percentDecode(path), true);
        String normalisedEncodedAgain = SigV4.uriEncode(SigV4.normalizePath(path, false), true);
        String collapsedEncodedAgain = SigV4.uriEncode(SigV4.normalizePath(path, true), true);
        String collapsedEncodedOnce = SigV4.uriEncode(SigV4.percentDecode(SigV4.normalizePath(path, true)), true);
        List<String> forms = service.startsWith("s3")
                ? List.of(asSent, asSentEncodedOnce, normalisedEncodedAgain, collapsedEncodedAgain, collapsedEncodedOnce)
                : List.of(normalisedEncodedAgain, collapsedEncodedAgain, collapsedEncodedOnce, asSent, asSentEncodedOnce);
        return List.copyOf(new LinkedHashSet<>(forms));
    }

    private static String canonicalQuery(String rawQuery, boolean presigned, boolean reencode, boolean tokenSigned) {
        String[] leaveOut = !presigned ? new String[0]
                : tokenSigned ? new String[] {SigV4Signed.SIGNATURE_PARAM}
                : new String[] {SigV4Signed.SIGNATURE_PARAM, SigV4Signed.SECURITY_TOKEN};
        return reencode ? SigV4.canonicalQuery(rawQuery, leaveOut) : SigV4.sortedRawQuery(rawQuery, leaveOut);
    }

    private static List<String> headerLines(ProxiedRequest request, List<String> names) {
        List<String> lines = new ArrayList<>(names.size());
        for (String name : names) {
            lines.add(name + ":" + SigV4.canonicalHeaderValue(request.headers(name)));
        }
        return lines;
    }

    private AwsKeys realKeys() {
        AwsKeys real;
        try {
            real = realKeys.get();
        } catch (RuntimeException e) {
            throw new SwapRefusedException("mino could not get the real AWS credentials to re-sign this request: "
                    + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        }
        if (real == null) {
            throw new SwapRefusedException("mino has no real AWS credentials to re-sign this request with.");
        }
        return real;
    }

    /**
     * Records the real secret and session token for the proxy to mask in the answers: the secret
     * never goes to the server, but is masked all the same; the token goes as it is (a header) or
     * percent-encoded (a presigned URL), and an error quoting the canonical request shows that form;
     * a JSON answer may escape its slashes.
     */
    private static void reveal(ProxiedRequest request, AwsKeys real) {
        request.revealed(real.secretAccessKey());
        real.sessionToken().ifPresent(token -> {
            request.revealed(token);
            request.revealed(SigV4.uriEncode(token, false));
            request.revealed(token.replace("/", "\\/")); // as some JSON writers escape it
        });
    }

    private static void resignHeader(ProxiedRequest request, SigV4Signed signed, String amzDate, Form form,
            AwsKeys real) {
        List<String> names = new ArrayList<>(signed.signedHeaders());
        boolean hadToken = !request.headers(TOKEN_HEADER).isEmpty();
        Optional<String> token = real.sessionToken();
        if (token.isPresent()) {
            request.setHeader(SigV4Signed.SECURITY_TOKEN, token.get());
            if (!hadToken) {
                // Temporary keys are refused without their token: sign it in, keeping the names sorted.
                names.add(TOKEN_HEADER);
                names.sort(null);
            }
        } else if (hadToken) {
            request.removeHeader(SigV4Signed.SECURITY_TOKEN);
            names.remove(TOKEN_HEADER);
        }
        String signedHeaders = String.join(";", names);
        String query = canonicalQuery(SigV4Signed.query(request.target()), false, form.reencodeQuery(), true);
        String canonical = SigV4.canonicalRequest(request.method(), form.canonicalPath(), query,
                headerLines(request, names), signedHeaders, form.payloadHash());
        String signature = sign(real, signed, amzDate, canonical);
        request.setHeader("Authorization", SigV4.ALGORITHM + " Credential=" + real.accessKeyId() + "/" + signed.scope()
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    private static void resignQuery(ProxiedRequest request, SigV4Signed signed, String amzDate, Form form,
            AwsKeys real) {
        String path = SigV4Signed.path(request.target());
        Optional<String> token = real.sessionToken();
        List<String[]> pairs = new ArrayList<>();
        boolean hadToken = false;
        for (String[] pair : SigV4.parseQuery(SigV4Signed.query(request.target()))) {
            String name = SigV4Signed.decode(pair[0]);
            if (name.equals(SigV4Signed.CREDENTIAL_PARAM)) {
                pairs.add(new String[] {pair[0], SigV4.uriEncode(real.accessKeyId() + "/" + signed.scope(), false)});
            } else if (name.equals(SigV4Signed.SECURITY_TOKEN)) {
                hadToken = true;
                token.ifPresent(value -> pairs.add(new String[] {pair[0], SigV4.uriEncode(value, false)}));
            } else if (!name.equals(SigV4Signed.SIGNATURE_PARAM)) {
                pairs.add(pair);
            }
        }
        if (!hadToken && token.isPresent()) {
            pairs.add(new String[] {SigV4Signed.SECURITY_TOKEN, SigV4.uriEncode(token.get(), false)});
        }
        String unsigned = SigV4.joinQuery(pairs);
        String canonical = SigV4.canonicalRequest(request.method(), form.canonicalPath(),
                canonicalQuery(unsigned, true, form.reencodeQuery(), form.tokenSigned()),
                headerLines(request, signed.signedHeaders()), String.join(";", signed.signedHeaders()),
                form.payloadHash());
        pairs.add(new String[] {SigV4Signed.SIGNATURE_PARAM, sign(real, signed, amzDate, canonical)});
        request.target(path + "?" + SigV4.joinQuery(pairs));
    }

    private static String sign(AwsKeys keys, SigV4Signed signed, String amzDate, String canonicalRequest) {
        byte[] key = SigV4.signingKey(keys.secretAccessKey(), signed.date(), signed.region(), signed.service());
        return SigV4.signature(key, SigV4.stringToSign(amzDate, signed.scope(), canonicalRequest));
    }

    private static Optional<String> queryValue(String target, String name) {
        for (String[] pair : SigV4.parseQuery(SigV4Signed.query(target))) {
            if (SigV4Signed.decode(pair[0]).equals(name)) {
                return Optional.of(SigV4Signed.decode(pair[1]));
            }
        }
        return Optional.empty();
    }
}
