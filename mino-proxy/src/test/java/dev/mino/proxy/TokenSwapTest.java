package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokenSwapTest {
    static final String PH = "ghp_PLACEHOLDER0000000000000000000000000";
    static final String REAL = "ghp_REAL11111111111111111111111111111111";

    /** A request held in memory, as the proxy would hand it to a swap. */
    static final class Request implements ProxiedRequest {
        String target = "/";
        final List<String[]> fields = new ArrayList<>();
        final List<String> revealed = new ArrayList<>();

        Request(String... nameValues) {
            for (int i = 0; i < nameValues.length; i += 2) {
                fields.add(new String[] {nameValues[i], nameValues[i + 1]});
            }
        }

        @Override
        public void revealed(String realValue) {
            revealed.add(realValue);
        }

        @Override
        public String host() {
            return "api.github.com";
        }

        @Override
        public int port() {
            return 443;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public void target(String value) {
            target = value;
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            fields.stream().filter(f -> f[0].equalsIgnoreCase(name)).forEach(f -> values.add(f[1]));
            return values;
        }

        @Override
        public List<String[]> headerFields() {
            return fields;
        }

        @Override
        public void setHeader(String name, String value) {
            removeHeader(name);
            fields.add(new String[] {name, value});
        }

        @Override
        public void removeHeader(String name) {
            fields.removeIf(f -> f[0].equalsIgnoreCase(name));
        }

        @Override
        public Optional<byte[]> body() {
            return Optional.empty();
        }
    }

    static TokenSwap swap(Supplier<String> real) {
        return new TokenSwap("github", List.of("api.github.com", "*.ghe.example.com"), Map.of(PH, real));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void servesItsHostsOnly() {
        TokenSwap swap = swap(() -> REAL);
        assertTrue(swap.servesHost("api.github.com"));
        assertTrue(swap.servesHost("API.GitHub.com."));
        assertTrue(swap.servesHost("x.ghe.example.com"));
        assertTrue(swap.servesHost("a.b.ghe.example.com"));
        assertFalse(swap.servesHost("ghe.example.com"), "a wildcard does not cover the domain itself");
        assertFalse(swap.servesHost("evilghe.example.com"));
        assertFalse(swap.servesHost("api.github.com.evil.test"));
        assertFalse(swap.servesHost("github.com"));
        assertFalse(swap.servesHost("api.github.com:443"));
    }

    @Test
    void invalidSettingsAreRefusedWithAHint() {
        Map<String, Supplier<String>> ok = Map.of(PH, () -> REAL);
        for (List<String> hosts : List.of(List.<String>of(), List.of("API.github.com"), List.of("*.com"),
            List.of("a..b"), List.of("*"), List.of("a.*.b"), List.of("https://api.github.com"), List.of("-a.com"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenSwap("github", hosts, ok), hosts.toString());
            assertTrue(e.getMessage().contains("github"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new TokenSwap("GitHub", List.of("api.github.com"), ok));
        assertThrows(IllegalArgumentException.class, () -> new TokenSwap("github", List.of("api.github.com"), Map.of()));
        for (String placeholder : List.of("short", "has space1234", "has:colon1234", "x".repeat(600))) {
            assertThrows(IllegalArgumentException.class,
                () -> new TokenSwap("github", List.of("api.github.com"), Map.of(placeholder, () -> REAL)), placeholder);
        }
    }

    @Test
    void bearerTokenAndBasicFormsAreSwapped() {
        TokenSwap swap = swap(() -> REAL);
        String[][] cases = {
            {"Bearer " + PH, "Bearer " + REAL},
            {"bearer " + PH, "bearer " + REAL},
            {"token " + PH, "token " + REAL},
            {basic("x-access-token", PH), basic("x-access-token", REAL)},
            {basic(PH, "x-oauth-basic"), basic(REAL, "x-oauth-basic")},
            {basic(PH, PH), basic(REAL, REAL)},
        };
        for (String[] c : cases) {
            Request request = new Request("Authorization", c[0]);
            assertTrue(swap.apply(request), c[0]);
            assertEquals(List.of(c[1]), request.headers("Authorization"));
            assertTrue(request.revealed.contains(REAL), "the real token is recorded for masking: " + c[0]);
            if (c[1].startsWith("Basic ")) {
                assertTrue(request.revealed.contains(c[1].substring(6)), "so are the encoded Basic credentials");
            }
        }
    }

    @Test
    void placeholdersAnywhereElseAreLeftAsTheyAre() {
        TokenSwap swap = swap(() -> {
            throw new AssertionError("the real value must not even be fetched");
        });
        List<Request> requests = List.of(
            new Request("Proxy-Authorization", "Bearer " + PH),
            new Request("X-Token", PH),
            new Request("Authorization", "Bearer " + PH + "x"),
            new Request("Authorization", "Bearer x" + PH),
            new Request("Authorization", "Digest " + PH),
            new Request("Authorization", PH),
            new Request("Authorization", "Basic not-base64!"),
            new Request("Authorization", basic("user", "x" + PH)),
            new Request("Authorization", "Basic " + Base64.getEncoder().encodeToString(PH.getBytes())),
            new Request());
        for (Request request : requests) {
            request.target = "/?access_token=" + PH;
            List<String> before = request.fields.stream().map(f -> f[0] + ": " + f[1]).toList();
            assertFalse(swap.apply(request));
            assertEquals(before, request.fields.stream().map(f -> f[0] + ": " + f[1]).toList());
            assertEquals("/?access_token=" + PH, request.target);
        }
    }

    @Test
    void twoAuthorizationFieldsOrAMissingRealValueAreRefused() {
        assertThrows(SwapRefusedException.class, () -> swap(() -> REAL)
            .apply(new Request("Authorization", "Bearer " + PH, "Authorization", "Bearer other")));
        for (Supplier<String> broken : List.<Supplier<String>>of(() -> null, () -> "", () -> "two words",
            () -> "line\r\nX-Evil: 1", () -> {
                throw new IllegalStateException(REAL);
            })) {
            SwapRefusedException e = assertThrows(SwapRefusedException.class,
                () -> swap(broken).apply(new Request("Authorization", "Bearer " + PH)));
            assertFalse(e.getMessage().contains(REAL));
        }
    }

    @Test
    void theSupplierIsAskedEveryTime() {
        int[] calls = {0};
        TokenSwap swap = swap(() -> "ghs_refreshed" + ++calls[0]);
        for (int i = 1; i <= 3; i++) {
            Request request = new Request("Authorization", "Bearer " + PH);
            swap.apply(request);
            assertEquals("Bearer ghs_refreshed" + i, request.headers("Authorization").get(0));
        }
    }

    @Test
    void toStringShowsNoPlaceholderOrValue() {
        String text = swap(() -> REAL).toString();
        assertFalse(text.contains(PH));
        assertFalse(text.contains(REAL));
        assertTrue(text.contains("github"));
    }
}
