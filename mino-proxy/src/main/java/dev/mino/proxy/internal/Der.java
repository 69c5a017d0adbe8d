package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes the few ASN.1 types an X.509 certificate needs, in DER (the one encoding of each value a
 * signature covers). Every method returns a complete element: tag, length and contents. The JDK
 * reads certificates but has no public API to write them; this is all we need of a library.
 */
public final class Der {
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int UTF8_STRING = 0x0c;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int BOOLEAN = 0x01;

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
    private static final Instant GENERALIZED_FROM = Instant.parse("2050-01-01T00:00:00Z");
    private static final DateTimeFormatter UTC_FORMAT =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Der() {}

    /** An element with the given identifier octet (tag numbers up to 30 only) and contents. */
    public static byte[] element(int tag, byte[] contents) {
        if (tag < 0 || tag > 0xff || (tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("tag out of range: " + tag);
        }
        byte[] length = length(contents.length);
        byte[] out = new byte[1 + length.length + contents.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(contents, 0, out, 1 + length.length, contents.length);
        return out;
    }

    /** The length octets: one octet below 128, else 0x80 + count followed by the big-endian count. */
    static byte[] length(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] out = new byte[1 + octets];
        out[0] = (byte) (0x80 | octets);
        for (int i = octets; i >= 1; i--) {
            out[i] = (byte) length;
            length >>>= 8;
        }
        return out;
    }

    /** A SEQUENCE of the given elements, in order. */
    public static byte[] sequence(byte[]... elements) {
        return element(SEQUENCE, concat(elements));
    }

    /** A SET holding one element (a name's relative distinguished name; one needs no sorting). */
    public static byte[] setOf(byte[] element) {
        return element(SET, element);
    }

    /** An INTEGER: two's complement, shortest form (a leading 0x00 keeps a positive value positive). */
    public static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    /** An INTEGER. */
    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** A BOOLEAN: TRUE is 0xFF in DER. */
    public static byte[] bool(boolean value) {
        return element(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    /** An OCTET STRING. */
    public static byte[] octetString(byte[] contents) {
        return element(OCTET_STRING, contents);
    }

    /** A BIT STRING holding whole octets (a signature, a key). */
    public static byte[] bitString(byte[] octets) {
        byte[] contents = new byte[octets.length + 1];
        System.arraycopy(octets, 0, contents, 1, octets.length);
        return element(BIT_STRING, contents);
    }

    /**
     * A BIT STRING of named bits (key usage), bit 0 being the most significant bit of the first
     * octet. DER drops trailing zero bits and counts the unused ones of the last octet.
     */
    public static byte[] namedBits(int... bits) {
        int highest = -1;
        for (int bit : bits) {
            if (bit < 0 || bit > 255) {
                throw new IllegalArgumentException("bit out of range: " + bit);
            }
            highest = Math.max(highest, bit);
        }
        if (highest < 0) {
            return element(BIT_STRING, new byte[] {0});
        }
        int octets = highest / 8 + 1;
        byte[] contents = new byte[1 + octets];
        contents[0] = (byte) (7 - highest % 8);
        for (int bit : bits) {
            contents[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return element(BIT_STRING, contents);
    }

    /**
     * An OBJECT IDENTIFIER from its dotted form: the first two arcs share one subidentifier
     * (40 * first + second), each subidentifier in base 128, high bit set on all but its last octet.
     */
    public static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("an object identifier has at least two arcs: " + dotted);
        }
        BigInteger[] arcs = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("0|[1-9][0-9]*")) {
                throw new IllegalArgumentException("not an object identifier: " + dotted);
            }
            arcs[i] = new BigInteger(parts[i]);
        }
        int first = arcs[0].bitLength() > 2 ? 3 : arcs[0].intValue();
        if (first > 2 || (first < 2 && arcs[1].compareTo(BigInteger.valueOf(39)) > 0)) {
            throw new IllegalArgumentException("not an object identifier: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, BigInteger.valueOf(40L * first).add(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, arcs[i]);
        }
        return element(OBJECT_IDENTIFIER, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, BigInteger value) {
        int groups = Math.max(1, (value.bitLength() + 6) / 7);
        for (int group = groups - 1; group >= 0; group--) {
            int septet = value.shiftRight(7 * group).intValue() & 0x7f;
            out.write(group == 0 ? septet : septet | 0x80);
        }
    }

    /** A UTF8String. */
    public static byte[] utf8String(String value) {
        return element(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A certificate time to the second: UTCTime before 2050, GeneralizedTime from then on. */
    public static byte[] time(Instant instant) {
        Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
        if (seconds.isBefore(GENERALIZED_FROM)) {
            if (seconds.isBefore(Instant.parse("1950-01-01T00:00:00Z"))) {
                throw new IllegalArgumentException("before 1950: " + instant);
            }
            return element(UTC_TIME, UTC_FORMAT.format(seconds).getBytes(StandardCharsets.US_ASCII));
        }
        return element(GENERALIZED_TIME, GENERALIZED_FORMAT.format(seconds).getBytes(StandardCharsets.US_ASCII));
    }

    /** A constructed context-specific tag {@code [number] EXPLICIT} around one element. */
    public static byte[] explicit(int number, byte[] element) {
        checkContextNumber(number);
        return element(0xa0 | number, element);
    }

    /** A primitive context-specific tag {@code [number] IMPLICIT} holding the given contents. */
    public static byte[] implicit(int number, byte[] contents) {
        checkContextNumber(number);
        return element(0x80 | number, contents);
    }

    private static void checkContextNumber(int number) {
        if (number < 0 || number > 30) {
            throw new IllegalArgumentException("context tag out of range: " + number);
        }
    }

    /** The given byte arrays one after the other. */
    public static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total = Math.addExact(total, part.length);
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
