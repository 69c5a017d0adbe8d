package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of AWS Signature Version 4, written from AWS's public description of it: URI
 * encoding, the canonical path, query and header forms, the string to sign, the signing key and
 * the signature. Pure functions; nothing here knows where a request came from.
 */
public final class SigV4 {
    /** The only algorithm this signer speaks. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The payload hash of a body that is not signed. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private SigV4() {
    }

    /**
     * Percent-encodes {@code value}'s UTF-8 bytes the SigV4 way: the unreserved characters
     * {@code A-Z a-z 0-9 - . _ ~} stay, every other byte becomes {@code %XY} (upper-case hex);
     * {@code /} stays when {@code keepSlash}.
     */
    public static String uriEncode(String value, boolean keepSlash) {
        return uriEncode(value.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /** {@link #uriEncode(String, boolean)} over raw bytes (a decoded value need not be UTF-8). */
    public static String uriEncode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * Decodes {@code %XY} escapes into bytes; every other character (including {@code +}, which
     * SigV4 does not read as a space) stands for its UTF-8 bytes. A {@code %} not followed by two
     * hex digits stays a literal {@code %}.
     */
    public static byte[] percentDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hexValue(raw[i + 1]) >= 0 && hexValue(raw[i + 2]) >= 0) {
                out.write(hexValue(raw[i + 1]) << 4 | hexValue(raw[i + 2]));
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hexValue(byte b) {
        int c = b & 0xff;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Removes {@code .} and {@code ..} segments (RFC 3986), keeping a trailing slash; with
     * {@code collapseSlashes}, empty segments ({@code //}) go as well, as AWS's test suite and
     * several SDKs normalise. Never climbs above the root; an empty path becomes {@code /}.
     */
    public static String normalizePath(String path, boolean collapseSlashes) {
        String[] segments = path.split("/", -1);
        List<String> kept = new ArrayList<>();
        boolean trailingSlash = false;
        // segments[0] is what precedes the leading slash: nothing.
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                trailingSlash = last;
            } else if (last && segment.isEmpty()) {
                trailingSlash = true;
            } else if (!segment.isEmpty() || !collapseSlashes) {
                kept.add(segment);
            }
        }
        String joined = "/" + String.join("/", kept);
        return trailingSlash && !kept.isEmpty() ? joined + "/" : joined;
    }

    /**
     * The canonical query string of a raw query (as sent, without the {@code ?}): each parameter's
     * name and value decoded and encoded again the SigV4 way, sorted by encoded name then value,
     * a parameter without {@code =} given an empty value. Parameters named in {@code leaveOut}
     * (compared exactly, as decoded) are not part of it.
     */
    public static String canonicalQuery(String rawQuery, String... leaveOut) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] pair : parseQuery(rawQuery)) {
            String name = new String(percentDecode(pair[0]), StandardCharsets.UTF_8);
            if (List.of(leaveOut).contains(name)) {
                continue;
            }
            pairs.add(new String[] {uriEncode(percentDecode(pair[0]), false), uriEncode(percentDecode(pair[1]), false)});
        }
        return joinSorted(pairs);
    }

    /**
     * The query sorted as sent, without decoding and encoding again: the form some clients sign
     * when they trust their own encoding of the URL.
     */
    public static String sortedRawQuery(String rawQuery, String... leaveOut) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] pair : parseQuery(rawQuery)) {
            String name = new String(percentDecode(pair[0]), StandardCharsets.UTF_8);
            if (!List.of(leaveOut).contains(name)) {
                pairs.add(pair);
            }
        }
        return joinSorted(pairs);
    }

    private static String joinSorted(List<String[]> pairs) {
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return joinQuery(pairs);
    }

    /** Joins {@code [name, value]} pairs, as given, into a query: {@code name=value&...}. */
    public static String joinQuery(List<String[]> pairs) {
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Splits a raw query into {@code [name, value]} pairs as sent (still encoded); empty parts are skipped. */
    public static List<String[]> parseQuery(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            pairs.add(eq < 0 ? new String[] {part, ""} : new String[] {part.substring(0, eq), part.substring(eq + 1)});
        }
        return pairs;
    }

    /**
     * A header value in canonical form: the values of every field of that name, each trimmed
     * and with runs of spaces (and folded line breaks) collapsed to one space, joined by commas.
     */
    public static String canonicalHeaderValue(List<String> values) {
        List<String> cleaned = new ArrayList<>(values.size());
        for (String value : values) {
            cleaned.add(value.strip().replaceAll("[ \\t\\r\\n]+", " "));
        }
        return String.join(",", cleaned);
    }

    /**
     * The canonical request.
     *
     * @param canonicalHeaders the lines {@code name:value} of the signed headers, names lower
     *     case, in the order of {@code signedHeaders}
     */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            List<String> canonicalHeaders, String signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        for (String line : canonicalHeaders) {
            out.append(line).append('\n');
        }
        out.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        return out.toString();
    }

    /** The string to sign for a canonical request made at {@code amzDate} in {@code scope} ({@code date/region/service/aws4_request}). */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** The key derived from a secret for one day, region and service. */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** The signature (lower-case hex) of {@code stringToSign} under a derived {@code signingKey}. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    /** SHA-256 of {@code data}. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks HmacSHA256", e);
        }
    }

    /** Lower-case hex of {@code bytes}. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Compares two signatures in time that does not depend on where they differ. */
    public static boolean sameSignature(String a, String b) {
        return MessageDigest.isEqual(a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                b.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
