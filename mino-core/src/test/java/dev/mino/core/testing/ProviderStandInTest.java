package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of the provider stand-in's fixture that need no container: reading answers, checking keys. */
class ProviderStandInTest {
    @Test
    void anEchoAnswerIsReadLineByLine() {
        ProviderStandIn.Echo echo = ProviderStandIn.Echo.parse("""
            method: PUT
            path: /echo/x?y=z
            Host: github.egress.test:8443
            Authorization: Bearer a: b
            X-Twice: 1
            x-twice: 2
            body-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """);
        assertEquals("PUT", echo.method());
        assertEquals("/echo/x?y=z", echo.target());
        assertEquals(Optional.of("Bearer a: b"), echo.header("AUTHORIZATION"));
        assertEquals(List.of("1", "2"), echo.values("X-Twice"));
        assertEquals(Optional.empty(), echo.header("Cookie"));
        assertThrows(AssertionError.class, () -> echo.header("x-twice"), "a header sent twice is not one value");
        assertEquals(4, echo.headers().size());
    }

    @Test
    void anythingElseIsNotAnEchoAnswer() {
        assertThrows(IllegalArgumentException.class, () -> ProviderStandIn.Echo.parse("nothing here\n"));
        assertThrows(IllegalArgumentException.class, () -> ProviderStandIn.Echo.parse("method: GET\npath: /\n"));
    }

    @Test
    void keysAreOnePrintableWordEach() {
        new ProviderStandIn.AwsKeys("AKIA0", "se/cr+et=", null);
        assertThrows(IllegalArgumentException.class, () -> new ProviderStandIn.AwsKeys("AKIA 0", "secret", null));
        assertThrows(IllegalArgumentException.class, () -> new ProviderStandIn.AwsKeys("AKIA0", "sec\nret", null));
        assertThrows(IllegalArgumentException.class, () -> new ProviderStandIn.AwsKeys("AKIA0", "secret", ""));
        assertThrows(IllegalArgumentException.class, () -> new ProviderStandIn.AwsKeys(null, "secret", "t"));
    }
}
