package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.proxy.internal.SigV4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * SigV4Swap against AWS's published SigV4 test suite, run backwards: the REAL keys are the
 * suite's example key (AKIDEXAMPLE), the sandbox signs the suite's request with random placeholder
 * keys, and after the swap the request must carry exactly the signature the suite publishes.
 * So both halves are checked against published values: the swap's check of the placeholder
 * signature (it must accept the client's canonical form) and its re-signing.
 */
class SigV4SwapSuiteTest {
    private static final AwsKeys EXAMPLE = AwsKeys.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    private static final String HOST = "example.amazonaws.com";
    private static final String DATE = "20150830T123600Z";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
    private static final String EMPTY_HASH = SigV4.hex(SigV4.sha256(new byte[0]));

    private final AwsKeys placeholder = withoutToken(Placeholders.aws());

    private static AwsKeys withoutToken(AwsKeys keys) {
        return AwsKeys.of(keys.accessKeyId(), keys.secretAccessKey());
    }

    private static TestRequest request(String method, String target) {
        return new TestRequest(HOST, method, target).with("Host", HOST).with("X-Amz-Date", DATE);
    }

    /**
     * Signs {@code request} in its Authorization field as a client holding {@code keys} would,
     * over the canonical path given (the client's own choice of form).
     */
    private static void clientSigns(TestRequest request, AwsKeys keys, String canonicalPath, String payloadHash) {
        List<String> names = new ArrayList<>();
        for (String[] field : request.headerFields()) {
            String name = field[0].toLowerCase(Locale.ROOT);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        names.sort(null);
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            lines.add(name + ":" + SigV4.canonicalHeaderValue(request.headers(name)));
        }
        String query = request.target().contains("?") ? request.target().substring(request.target().indexOf('?') + 1) : "";
        String canonical = SigV4.canonicalRequest(request.method(), canonicalPath, SigV4.canonicalQuery(query), lines,
                String.join(";", names), payloadHash);
        String signature = SigV4.signature(SigV4.signingKey(keys.secretAccessKey(), "20150830", "us-east-1", "service"),
                SigV4.stringToSign(DATE, SCOPE, canonical));
        request.with("Authorization", "AWS4-HMAC-SHA256 Credential=" + keys.accessKeyId() + "/" + SCOPE
                + ", SignedHeaders=" + String.join(";", names) + ", Signature=" + signature);
    }

    private static String published(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + SCOPE + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    private SigV4Swap swap(AwsKeys real) {
        return new SigV4Swap(placeholder, () -> real);
    }

    @Test
    void getVanilla() {
        TestRequest request = request("GET", "/").body("");
        clientSigns(request, placeholder, "/", EMPTY_HASH);
        SigV4Swap swap = swap(EXAMPLE);
        assertTrue(swap.needsBody(request), "no x-amz-content-sha256: the body's hash is signed");

        assertTrue(swap.apply(request));

        assertEquals(published("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                request.header("Authorization").orElseThrow());
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        TestRequest request = request("GET", "/?Param2=value2&Param1=value1").body("");
        clientSigns(request, placeholder, "/", EMPTY_HASH);

        assertTrue(swap(EXAMPLE).apply(request));

        assertEquals(published("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                request.header("Authorization").orElseThrow());
        assertEquals("/?Param2=value2&Param1=value1", request.target(), "the query is sent as it came");
    }

    /** An STS-style form POST without a payload hash field: the proxy hashes the body it read. */
    @Test
    void postXWwwFormUrlencodedHashesTheBody() {
        TestRequest request = new TestRequest(HOST, "POST", "/")
                .with("Content-Type", "application/x-www-form-urlencoded").with("Host", HOST).with("X-Amz-Date", DATE)
                .body("Param1=value1");
        clientSigns(request, placeholder, "/", SigV4.hex(SigV4.sha256("Param1=value1".getBytes(StandardCharsets.UTF_8))));
        SigV4Swap swap = swap(EXAMPLE);
        assertTrue(swap.needsBody(request));

        assertTrue(swap.apply(request));

        assertEquals(published("content-type;host;x-amz-date",
                "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
                request.header("Authorization").orElseThrow());
    }

    @Test
    void postXWwwFormUrlencodedWithPayloadHashField() {
        String hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
        TestRequest request = new TestRequest(HOST, "POST", "/")
                .with("Content-Type", "application/x-www-form-urlencoded").with("Host", HOST).with("Content-Length", "13")
                .with("X-Amz-Date", DATE).with("x-amz-content-sha256", hash);
        clientSigns(request, placeholder, "/", hash);
        SigV4Swap swap = swap(EXAMPLE);
        assertFalse(swap.needsBody(request), "the payload hash field is signed instead of the body");

        assertTrue(swap.apply(request));

        assertEquals(published("content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
                request.header("Authorization").orElseThrow());
    }

    @Test
    void headerValuesTrimmedAndRepeatedFieldsJoined() {
        TestRequest trim = request("GET", "/").with("My-Header1", " value1").with("My-Header2", " \"a   b   c\"").body("");
        clientSigns(trim, placeholder, "/", EMPTY_HASH);
        TestRequest duplicate = request("GET", "/").with("My-Header1", "value2").with("My-Header1", "value2")
                .with("My-Header1", "value1").body("");
        clientSigns(duplicate, placeholder, "/", EMPTY_HASH);

        assertTrue(swap(EXAMPLE).apply(trim));
        assertTrue(swap(EXAMPLE).apply(duplicate));

        assertEquals(published("host;my-header1;my-header2;x-amz-date",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"), trim.header("Authorization").orElseThrow());
        assertEquals(published("host;my-header1;x-amz-date",
                "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
                duplicate.header("Authorization").orElseThrow());
    }

    /** Paths the client canonicalised its own way: the swap finds the form it used and keeps it. */
    @Test
    void pathFormsOfTheSuite() {
        TestRequest utf8 = request("GET", "/%E1%88%B4").body("");
        clientSigns(utf8, placeholder, "/%E1%88%B4", EMPTY_HASH);
        TestRequest slashes = request("GET", "//example//").body("");
        clientSigns(slashes, placeholder, "/example/", EMPTY_HASH);
        TestRequest space = request("GET", "/example%20space/").body("");
        clientSigns(space, placeholder, "/example%20space/", EMPTY_HASH);

        assertTrue(swap(EXAMPLE).apply(utf8));
        assertTrue(swap(EXAMPLE).apply(slashes));
        assertTrue(swap(EXAMPLE).apply(space));

        assertEquals(published("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
                utf8.header("Authorization").orElseThrow());
        assertEquals(published("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
                slashes.header("Authorization").orElseThrow());
        assertEquals(published("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
                space.header("Authorization").orElseThrow());
    }

    /** get-vanilla-with-session-token: the placeholder's token out, the real one in, signed. */
    @Test
    void sessionTokenReplaced() {
        AwsKeys placeholderWithToken = Placeholders.aws();
        TestRequest request = request("GET", "/")
                .with("X-Amz-Security-Token", placeholderWithToken.sessionToken().orElseThrow()).body("");
        clientSigns(request, placeholderWithToken, "/", EMPTY_HASH);
        AwsKeys real = AwsKeys.of(EXAMPLE.accessKeyId(), EXAMPLE.secretAccessKey(), TOKEN);

        assertTrue(new SigV4Swap(placeholderWithToken, () -> real).apply(request));

        assertEquals(List.of(TOKEN), request.headers("X-Amz-Security-Token"));
        assertEquals(published("host;x-amz-date;x-amz-security-token",
                "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
                request.header("Authorization").orElseThrow());
    }

    /** The suite's presigned get-vanilla: X-Amz-Credential and X-Amz-Signature rewritten in the target. */
    @Test
    void presignedUrl() {
        String unsigned = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + placeholder.accessKeyId()
                + "%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=" + DATE
                + "&X-Amz-SignedHeaders=host&X-Amz-Expires=3600";
        String canonical = SigV4.canonicalRequest("GET", "/", SigV4.canonicalQuery(unsigned), List.of("host:" + HOST),
                "host", EMPTY_HASH);
        String signature = SigV4.signature(SigV4.signingKey(placeholder.secretAccessKey(), "20150830", "us-east-1",
                "service"), SigV4.stringToSign(DATE, SCOPE, canonical));
        TestRequest request = new TestRequest(HOST, "GET", "/?" + unsigned + "&X-Amz-Signature=" + signature)
                .with("Host", HOST);
        SigV4Swap swap = swap(EXAMPLE);
        assertFalse(swap.needsBody(request), "a presigned URL signs no body hash the proxy must compute");

        assertTrue(swap.apply(request));

        assertEquals("/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice"
                + "%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                + "&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d", request.target());
        assertFalse(request.header("Authorization").isPresent());
    }

    /** Negative control for the whole class: the same request with one signed header changed is refused. */
    @Test
    void changedAfterSigningIsRefused() {
        TestRequest request = request("GET", "/?Param1=value1").body("");
        clientSigns(request, placeholder, "/", EMPTY_HASH);
        request.target("/?Param1=value2");

        SwapRefusedException refused = assertThrows(SwapRefusedException.class, () -> swap(EXAMPLE).apply(request));

        assertTrue(refused.getMessage().contains("does not match its placeholder key"), refused.getMessage());
    }
}
