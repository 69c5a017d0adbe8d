package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsKeysTest {
    @Test
    void toStringShowsTheKeyIdOnly() {
        AwsKeys keys = AwsKeys.of("ASIAEXAMPLEKEYID0001", "s3cr3t/Secret+Value0123456789abcdefghijk", "TokenValue0123==");
        String shown = keys.toString();

        assertTrue(shown.contains("ASIAEXAMPLEKEYID0001"), "positive control: the key id is shown");
        assertFalse(shown.contains("s3cr3t"), shown);
        assertFalse(shown.contains("TokenValue"), shown);
        assertTrue(shown.contains("sessionToken=(hidden)"), shown);
        assertTrue(AwsKeys.of("AKIAEXAMPLE", "x").toString().contains("sessionToken=(none)"));
    }

    @Test
    void valuesKept() {
        AwsKeys keys = AwsKeys.of("AKIAEXAMPLE", "secret", "token");

        assertEquals("AKIAEXAMPLE", keys.accessKeyId());
        assertEquals("secret", keys.secretAccessKey());
        assertEquals(Optional.of("token"), keys.sessionToken());
        assertEquals(Optional.empty(), AwsKeys.of("AKIAEXAMPLE", "secret").sessionToken());
        assertEquals(keys, AwsKeys.of("AKIAEXAMPLE", "secret", "token"));
    }

    @Test
    void badValuesRefused() {
        assertThrows(IllegalArgumentException.class, () -> AwsKeys.of("", "secret"));
        assertThrows(IllegalArgumentException.class, () -> AwsKeys.of("akia-lower", "secret"));
        assertThrows(IllegalArgumentException.class, () -> AwsKeys.of("AKIAEXAMPLE", "two words"));
        assertThrows(IllegalArgumentException.class, () -> AwsKeys.of("AKIAEXAMPLE", "secret", "line\r\nbreak"));
        assertThrows(IllegalArgumentException.class, () -> AwsKeys.of("AKIAEXAMPLE", "secret", ""));
        assertThrows(NullPointerException.class, () -> AwsKeys.of("AKIAEXAMPLE", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwsKeys.of("AKIAEXAMPLE", "hunter2 x"));
        assertFalse(e.getMessage().contains("hunter2"), "the message never repeats a secret");
    }
}
