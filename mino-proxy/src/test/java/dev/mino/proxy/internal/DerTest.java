package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.Test;

class DerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    @Test
    void lengthBelow128IsOneOctet() {
        byte[] element = Der.octetString(new byte[127]);
        assertEquals("047f", hex(Arrays.copyOf(element, 2)));
        assertEquals(2 + 127, element.length);
        assertEquals("0400", hex(Der.octetString(new byte[0])));
    }

    @Test
    void length128TakesTheLongForm() {
        byte[] element = Der.octetString(new byte[128]);
        assertEquals("048180", hex(Arrays.copyOf(element, 3)));
        assertEquals(3 + 128, element.length);
        assertEquals("81ff", hex(Der.length(255)));
    }

    @Test
    void lengthsOf256AndBeyondTakeMoreOctets() {
        assertEquals("820100", hex(Der.length(256)));
        assertEquals("82ffff", hex(Der.length(65535)));
        assertEquals("83010000", hex(Der.length(65536)));
        byte[] element = Der.sequence(new byte[300]);
        assertEquals("30820" + "12c", hex(Arrays.copyOf(element, 4)));
        assertEquals(4 + 300, element.length);
        assertEquals("84" + "7fffffff", hex(Der.length(Integer.MAX_VALUE)));
    }

    @Test
    void integerKeepsItsSignWithALeadingOctet() {
        assertEquals("020100", hex(Der.integer(0)));
        assertEquals("02017f", hex(Der.integer(127)));
        // 0x80 alone would read as -128: a 0x00 octet keeps it positive.
        assertEquals("02020080", hex(Der.integer(128)));
        assertEquals("02020100", hex(Der.integer(256)));
        assertEquals("0201ff", hex(Der.integer(-1)));
        assertEquals("020180", hex(Der.integer(-128)));
        assertEquals("0202ff7f", hex(Der.integer(-129)));
        byte[] serial = Der.integer(new BigInteger("ff".repeat(16), 16));
        assertEquals("021100" + "ff".repeat(16), hex(serial));
    }

    @Test
    void objectIdentifiersMatchTheJdksEncoding() throws GSSException {
        for (String oid : new String[] {
                "1.2.840.10045.4.3.2", "1.2.840.10045.2.1", "2.5.29.19", "2.5.4.3", "1.3.6.1.5.5.7.3.1",
                "0.0", "1.39", "2.999.3", "1.2.840.113549.1.1.11", "2.25.329800735698586629295641978511506172918"}) {
            assertEquals(hex(new Oid(oid).getDER()), hex(Der.oid(oid)), oid);
        }
        assertEquals("06082a8648ce3d040302", hex(Der.oid("1.2.840.10045.4.3.2")));
        assertEquals("0603551d13", hex(Der.oid("2.5.29.19")));
        assertEquals("06028837", hex(Der.oid("2.999")));
    }

    @Test
    void malformedObjectIdentifiersAreRefused() {
        for (String bad : new String[] {"1", "", "1.", "1.2.", "3.1", "1.40", "1.02", "1.-2", "a.b", "99999999999.1"}) {
            assertThrows(IllegalArgumentException.class, () -> Der.oid(bad), bad);
        }
    }

    @Test
    void namedBitsDropTrailingZerosAndCountUnusedBits() {
        // keyUsage digitalSignature (bit 0): one octet 0x80, 7 bits unused.
        assertEquals("03020780", hex(Der.namedBits(0)));
        // keyCertSign (5) and cRLSign (6): 0x06, 1 bit unused.
        assertEquals("03020106", hex(Der.namedBits(5, 6)));
        // decipherOnly (8) spills into a second octet.
        assertEquals("0303070080", hex(Der.namedBits(8)));
        assertEquals("030100", hex(Der.namedBits()));
        assertEquals("03030001ff", hex(Der.bitString(new byte[] {1, (byte) 0xff})));
    }

    @Test
    void booleansAndContextTags() {
        assertEquals("0101ff", hex(Der.bool(true)));
        assertEquals("010100", hex(Der.bool(false)));
        assertEquals("a003020102", hex(Der.explicit(0, Der.integer(2))));
        assertEquals("8203616263", hex(Der.implicit(2, "abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("3100", hex(Der.setOf(new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> Der.explicit(31, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Der.element(0x1f, new byte[0]));
    }

    @Test
    void timesAreUtcTimeBefore2050AndGeneralizedTimeAfter() {
        assertEquals("170d" + hex("261203160000Z".getBytes(StandardCharsets.US_ASCII)),
            hex(Der.time(Instant.parse("2026-12-03T16:00:00.999Z"))));
        assertEquals("170d" + hex("491231235959Z".getBytes(StandardCharsets.US_ASCII)),
            hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))));
        assertEquals("180f" + hex("20500101000000Z".getBytes(StandardCharsets.US_ASCII)),
            hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
        assertThrows(IllegalArgumentException.class, () -> Der.time(Instant.parse("1949-12-31T23:59:59Z")));
    }

    @Test
    void utf8StringsCountBytesNotCharacters() {
        assertArrayEquals(new byte[] {0x0c, 2, (byte) 0xc3, (byte) 0xa9}, Der.utf8String("\u00e9"));
    }
}
