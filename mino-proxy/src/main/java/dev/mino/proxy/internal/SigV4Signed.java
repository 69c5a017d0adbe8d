package dev.mino.proxy.internal;

import dev.mino.proxy.ProxiedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how a request says it is SigV4-signed: the key id, the credential scope, the signed
 * header names and the signature, read from the {@code Authorization} header field or from a
 * presigned URL's query. Only reads; {@link #find} tells nothing about whether the signature holds.
 */
public record SigV4Signed(boolean presigned, String accessKeyId, String date, String region,
        String service, List<String> signedHeaders, String signature) {

    /** Query parameters of a presigned URL. */
    public static final String ALGORITHM_PARAM = "X-Amz-Algorithm";
    /** The query parameter naming the key and scope. */
    public static final String CREDENTIAL_PARAM = "X-Amz-Credential";
    /** The query parameter holding the signature. */
    public static final String SIGNATURE_PARAM = "X-Amz-Signature";
    /** The query parameter listing the signed headers. */
    public static final String SIGNED_HEADERS_PARAM = "X-Amz-SignedHeaders";
    /** The header field and query parameter of the request time. */
    public static final String DATE = "X-Amz-Date";
    /** The header field and query parameter of the session token. */
    public static final String SECURITY_TOKEN = "X-Amz-Security-Token";

    /** The scope {@code date/region/service/aws4_request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    /**
     * The signature in the request's {@code Authorization} field.
     *
     * @return empty when there is no AWS4 authorization field
     * @throws IllegalArgumentException when an AWS4 field is malformed (the message names the part)
     */
    public static Optional<SigV4Signed> fromAuthorization(String value) {
        String trimmed = value.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.startsWith("AWS4-")) {
            return Optional.empty();
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : trimmed.substring(space + 1).split(",")) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = item.substring(0, eq).strip();
            String itemValue = item.substring(eq + 1).strip();
            switch (name) {
                case "Credential" -> credential = itemValue;
                case "SignedHeaders" -> signedHeaders = itemValue;
                case "Signature" -> signature = itemValue;
                default -> { }
            }
        }
        if (credential == null) {
            throw new IllegalArgumentException("its Authorization field names no Credential");
        }
        return Optional.of(make(false, credential, signedHeaders, signature));
    }

    /**
     * The signature in a presigned URL's query.
     *
     * @return empty when the query has no {@code X-Amz-Credential}
     * @throws IllegalArgumentException when the parameters are malformed
     */
    public static Optional<SigV4Signed> fromQuery(String rawQuery) {
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String[] pair : SigV4.parseQuery(rawQuery)) {
            String name = decode(pair[0]);
            String value = decode(pair[1]);
            switch (name) {
                case CREDENTIAL_PARAM -> credential = value;
                case SIGNED_HEADERS_PARAM -> signedHeaders = value;
                case SIGNATURE_PARAM -> signature = value;
                default -> { }
            }
        }
        if (credential == null) {
            return Optional.empty();
        }
        return Optional.of(make(true, credential, signedHeaders, signature));
    }

    private static SigV4Signed make(boolean presigned, String credential, String signedHeaders, String signature) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[1].length() != 8) {
            throw new IllegalArgumentException("its credential scope is not <key id>/<yyyymmdd>/<region>/<service>/aws4_request");
        }
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            throw new IllegalArgumentException("it names no signed headers");
        }
        if (signature == null || !signature.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("its signature is not 64 hexadecimal digits");
        }
        List<String> names = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";", -1));
        return new SigV4Signed(presigned, scope[0], scope[1], scope[2], scope[3], names, signature);
    }

    /** The access key id a SigV2 signature names ({@code Authorization: AWS <id>:<sig>} or {@code AWSAccessKeyId=}). */
    public static Optional<String> sigV2KeyId(ProxiedRequest request) {
        for (String value : request.headers("Authorization")) {
            String trimmed = value.strip();
            int colon = trimmed.lastIndexOf(':');
            if (trimmed.startsWith("AWS ") && colon > 4) {
                return Optional.of(trimmed.substring(4, colon).strip());
            }
        }
        for (String[] pair : SigV4.parseQuery(query(request.target()))) {
            if (decode(pair[0]).equals("AWSAccessKeyId")) {
                return Optional.of(decode(pair[1]));
            }
        }
        return Optional.empty();
    }

    /** The path of a request target (before {@code ?}). */
    public static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query of a request target (after {@code ?}), empty when none. */
    public static String query(String target) {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** A query name or value decoded to text. */
    public static String decode(String raw) {
        return new String(SigV4.percentDecode(raw), StandardCharsets.UTF_8);
    }
}
