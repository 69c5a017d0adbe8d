package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signer's pieces against AWS's published SigV4 test suite (the example key AKIDEXAMPLE,
 * us-east-1, service "service", 20150830T123600Z). The expected signatures are typed from the
 * suite, not computed here.
 */
class SigV4Test {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String DATE = "20150830T123600Z";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
    private static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static String sign(String method, String path, String query, List<String> headers, String signed,
            String payloadHash) {
        String canonical = SigV4.canonicalRequest(method, path, query, headers, signed, payloadHash);
        byte[] key = SigV4.signingKey(SECRET, "20150830", "us-east-1", "service");
        return SigV4.signature(key, SigV4.stringToSign(DATE, SCOPE, canonical));
    }

    @Test
    void getVanilla() {
        assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                sign("GET", "/", "", List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date",
                        EMPTY_HASH));
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        assertEquals("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
                sign("GET", "/", SigV4.canonicalQuery("Param2=value2&Param1=value1"),
                        List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date", EMPTY_HASH));
    }

    @Test
    void getVanillaQueryOrderEncoded() {
        String query = SigV4.canonicalQuery("Param-3=Value3&Param=Value2&%E1%88%B4=Value1");
        assertEquals("%E1%88%B4=Value1&Param=Value2&Param-3=Value3", query);
        assertEquals("371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac",
                sign("GET", "/", query, List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date",
                        EMPTY_HASH));
    }

    @Test
    void postXWwwFormUrlencoded() {
        String body = "Param1=value1";
        String hash = SigV4.hex(SigV4.sha256(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", hash);
        assertEquals("d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
                sign("POST", "/", "", List.of("content-length:13", "content-type:application/x-www-form-urlencoded",
                        "host:example.amazonaws.com", "x-amz-content-sha256:" + hash, "x-amz-date:" + DATE),
                        "content-length;content-type;host;x-amz-content-sha256;x-amz-date", hash));
    }

    @Test
    void getHeaderValueTrimAndDuplicateKeys() {
        assertEquals("\"a b c\"", SigV4.canonicalHeaderValue(List.of(" \"a   b   c\"")));
        assertEquals("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
                sign("GET", "/", "", List.of("host:example.amazonaws.com", "my-header1:" + SigV4.canonicalHeaderValue(
                        List.of(" value1")), "my-header2:" + SigV4.canonicalHeaderValue(List.of(" \"a   b   c\"")),
                        "x-amz-date:" + DATE), "host;my-header1;my-header2;x-amz-date", EMPTY_HASH));
        assertEquals("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
                sign("GET", "/", "", List.of("host:example.amazonaws.com",
                        "my-header1:" + SigV4.canonicalHeaderValue(List.of("value2", "value2", "value1")),
                        "x-amz-date:" + DATE), "host;my-header1;x-amz-date", EMPTY_HASH));
    }

    @Test
    void getVanillaWithSessionToken() {
        assertEquals("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
                sign("GET", "/", "", List.of("host:example.amazonaws.com", "x-amz-date:" + DATE,
                        "x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
                        "host;x-amz-date;x-amz-security-token", EMPTY_HASH));
    }

    @Test
    void normalisedPaths() {
        assertEquals("/", SigV4.normalizePath("/", true));
        assertEquals("/", SigV4.normalizePath("/./", true));
        assertEquals("/", SigV4.normalizePath("/example/..", true));
        assertEquals("/", SigV4.normalizePath("/example1/example2/../..", true));
        assertEquals("/example/", SigV4.normalizePath("//example//", true));
        assertEquals("//example//", SigV4.normalizePath("//example//", false));
        assertEquals("/a/c/", SigV4.normalizePath("/a/./b/../c/", false));
        // get-slashes-normalized: the suite's canonical path and signature.
        assertEquals("9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
                sign("GET", SigV4.uriEncode(SigV4.normalizePath("//example//", true), true), "",
                        List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date", EMPTY_HASH));
    }

    @Test
    void uriEncodingKeepsOnlyUnreservedCharacters() {
        assertEquals("-._~AZaz09", SigV4.uriEncode("-._~AZaz09", false));
        assertEquals("%E1%88%B4%20%2F%2B%3D", SigV4.uriEncode("\u1234 /+=", false));
        assertEquals("/a%20b/", SigV4.uriEncode("/a b/", true));
        // get-space-normalized and get-utf8: the decoded path encoded once.
        assertEquals("652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
                sign("GET", SigV4.uriEncode("/example space/", true), "",
                        List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date", EMPTY_HASH));
        assertEquals("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
                sign("GET", SigV4.uriEncode("/\u1234", true), "",
                        List.of("host:example.amazonaws.com", "x-amz-date:" + DATE), "host;x-amz-date", EMPTY_HASH));
    }

    @Test
    void percentDecodingLeavesPlusAndBadEscapesAlone() {
        assertEquals("a+b%zz%", new String(SigV4.percentDecode("a+b%zz%"), StandardCharsets.UTF_8));
        assertEquals("\u1234", new String(SigV4.percentDecode("%E1%88%b4"), StandardCharsets.UTF_8));
    }
}
