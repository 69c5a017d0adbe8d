package dev.mino.core.internal.podman;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes a small ustar archive of regular files, enough for a build context. */
public final class TestTar {
    private static final int BLOCK = 512;

    private TestTar() {
    }

    /** A tar holding each file (name to content) with mode 0644. */
    public static byte[] of(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((name, content) -> {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(header(name, data.length));
            out.writeBytes(data);
            out.writeBytes(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
        });
        // Two empty blocks end the archive.
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 1_700_000_000L));
        h[156] = '0';
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        // The checksum is taken with its own field as spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum));
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length) {
            throw new IllegalArgumentException("too long for a tar header field: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
