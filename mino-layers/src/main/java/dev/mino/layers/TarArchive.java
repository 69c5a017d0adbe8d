package dev.mino.layers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes regular files as a POSIX ustar archive, the form Podman's build endpoint takes its
 * context in. Only what a build context needs: flat names under 100 bytes, no directories or
 * links, fixed owner and time so the same plan always gives the same bytes.
 */
final class TarArchive {

    private static final int BLOCK = 512;
    // 2000-01-01T00:00:00Z: fixed for reproducible archives, and late enough that tar does not
    // warn about an implausibly old time stamp.
    private static final long MTIME = 946_684_800L;

    private TarArchive() {
    }

    /** Writes each file (name to content) in map order, then the two empty end blocks. */
    static void write(Map<String, byte[]> files, OutputStream out) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            byte[] content = file.getValue();
            int mode = name.endsWith(".sh") ? 0755 : 0644;
            out.write(header(name, content.length, mode));
            out.write(content);
            int padding = (BLOCK - content.length % BLOCK) % BLOCK;
            out.write(new byte[padding]);
        }
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private static byte[] header(String name, long size, int mode) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= 100 || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)
                || name.contains("/")) {
            throw new IllegalArgumentException("Not a plain ASCII file name under 100 bytes: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = '0';
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        // The checksum is computed with its own field read as spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** Zero-padded octal digits filling width - 1 bytes, then NUL. */
    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > width - 1) {
            throw new IllegalArgumentException("Value too large for a tar header field: " + value);
        }
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        ascii(h, offset, padded);
        h[offset + width - 1] = 0;
    }

    private static void ascii(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
