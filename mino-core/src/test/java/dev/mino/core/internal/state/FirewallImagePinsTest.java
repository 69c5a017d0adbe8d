package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.FirewallImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned firewall images: one per engine, private to the owner, and nothing half-valid is used. */
class FirewallImagePinsTest {
    private static final String LOCAL = "unix:///run/user/1000/podman/podman.sock";
    private static final String REMOTE = "ssh://me@build-host/run/podman/podman.sock";

    @TempDir
    Path state;

    private static FirewallImage.Pinned pinned(char digit) {
        return new FirewallImage.Pinned(FirewallImage.REFERENCE, String.valueOf(digit).repeat(64), FirewallImage.RECIPE,
            "localhost/mino-local:latest", "b".repeat(64));
    }

    @Test
    void eachEngineKeepsItsOwnPinInAPrivateFile() throws Exception {
        FirewallImagePins pins = FirewallImagePins.at(state);
        assertEquals(state.resolve("firewall-image.json"), pins.file());
        assertEquals(Optional.empty(), pins.find(LOCAL));

        pins.pin(LOCAL, pinned('1'));
        pins.pin(REMOTE, pinned('2'));
        assertEquals(Optional.of(pinned('1')), pins.find(LOCAL));
        assertEquals(Optional.of(pinned('2')), FirewallImagePins.at(state).find(REMOTE));

        pins.pin(LOCAL, pinned('3'));
        assertEquals(Optional.of(pinned('3')), pins.find(LOCAL), "a new pin replaces the engine's old one");
        assertEquals(Optional.of(pinned('2')), pins.find(REMOTE), "and keeps the other engines'");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    @Test
    void aDamagedFileOrAPinWithoutAValidIdIsNoPin() throws Exception {
        FirewallImagePins pins = FirewallImagePins.at(state);
        Files.writeString(pins.file(), "{not json");
        assertEquals(Optional.empty(), pins.find(LOCAL));
        pins.pin(LOCAL, pinned('1'));
        assertEquals(Optional.of(pinned('1')), pins.find(LOCAL), "a damaged file is replaced by the next pin");

        for (String id : new String[] {"\"localhost/mino-test-debian:latest\"", "\"" + "A".repeat(64) + "\"", "null",
            "\"" + "1".repeat(63) + "\""}) {
            Files.writeString(pins.file(), "{\"engines\":{\"" + LOCAL + "\":{\"reference\":\"x\",\"id\":" + id
                + ",\"recipe\":1,\"baseImage\":\"b\",\"baseImageId\":\"" + "b".repeat(64) + "\"}}}");
            assertEquals(Optional.empty(), pins.find(LOCAL), id);
        }
    }

    @Test
    void aPinNeedsImageIds() {
        assertThrows(IllegalArgumentException.class, () -> new FirewallImage.Pinned(FirewallImage.REFERENCE,
            "localhost/mino-firewall:r1", 1, "b", "b".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new FirewallImage.Pinned(FirewallImage.REFERENCE,
            "1".repeat(64), 1, "b", "debian:12"));
        assertTrue(pinned('1').shortId().equals("111111111111"));
    }
}
