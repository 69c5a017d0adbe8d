package dev.mino.proxy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real secret values the proxy has put into requests, and their masking in what goes back to
 * the sandbox: each occurrence is overwritten by as many {@code x} bytes, so that lengths (and so
 * {@code Content-Length} and chunk sizes) stay right. Holds at most {@link #MAX_VALUES} values,
 * the newest: a token refreshed many times drops its oldest forms. Adding and taking a
 * {@link #snapshot()} are thread-safe; a snapshot belongs to one answer.
 */
public final class SecretMask {
    static final int MAX_VALUES = 64;
    private static final byte MASK = 'x';

    private final List<byte[]> values = new ArrayList<>();

    /** No value yet. */
    public SecretMask() {
        // values come with add()
    }

    /** Adds a value to mask (ignored when empty or known already). */
    synchronized void add(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte[] known : values) {
            if (Arrays.equals(known, bytes)) {
                return;
            }
        }
        if (values.size() == MAX_VALUES) {
            values.remove(0);
        }
        values.add(bytes);
    }

    synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    /** The values now, for one answer: a value revealed later applies from the next answer on. */
    synchronized SecretMask snapshot() {
        SecretMask copy = new SecretMask();
        copy.values.addAll(values);
        return copy;
    }

    private int longest() {
        int longest = 0;
        for (byte[] value : values) {
            longest = Math.max(longest, value.length);
        }
        return longest;
    }

    /** Masks every whole occurrence within {@code bytes[0, end)}, in place. */
    void maskInPlace(byte[] bytes, int end) {
        if (values.isEmpty()) {
            return;
        }
        // Found on the unmasked bytes first, so that overlapping values are all masked whole.
        boolean[] hit = null;
        for (byte[] value : values) {
            byte first = value[0];
            for (int at = 0, last = end - value.length; at <= last; at++) {
                if (bytes[at] == first && matches(bytes, at, value)) {
                    if (hit == null) {
                        hit = new boolean[end];
                    }
                    Arrays.fill(hit, at, at + value.length, true);
                }
            }
        }
        if (hit != null) {
            for (int i = 0; i < end; i++) {
                if (hit[i]) {
                    bytes[i] = MASK;
                }
            }
        }
    }

    private static boolean matches(byte[] bytes, int at, byte[] value) {
        for (int i = 1; i < value.length; i++) {
            if (bytes[at + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** A masked copy of a whole message part (a head, trailers). */
    byte[] mask(byte[] whole) {
        byte[] copy = whole.clone();
        maskInPlace(copy, copy.length);
        return copy;
    }

    /**
     * A stream that masks what is written through it before {@code out} gets it. It holds back
     * at most the longest value's length less one byte (the start of an occurrence the next write
     * may complete), never a whole body; {@link Masking#finish()} writes those last bytes.
     */
    Masking masking(OutputStream out) {
        return new Masking(out, longest());
    }

    /** See {@link #masking(OutputStream)}. */
    final class Masking extends OutputStream {
        private final OutputStream out;
        private final int keep;
        private byte[] pending = new byte[16 * 1024];
        private int count;

        private Masking(OutputStream out, int longest) {
            this.out = out;
            this.keep = Math.max(0, longest - 1);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (count + length > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, count + length));
            }
            System.arraycopy(bytes, offset, pending, count, length);
            count += length;
            emit(count - keep);
        }

        /** Masks, then passes on the first {@code upTo} bytes: none of them can start an unfinished occurrence. */
        private void emit(int upTo) throws IOException {
            if (upTo <= 0) {
                return;
            }
            maskInPlace(pending, count);
            out.write(pending, 0, upTo);
            System.arraycopy(pending, upTo, pending, 0, count - upTo);
            count -= upTo;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Writes the bytes held back (the body has ended); {@code out} stays open. */
        void finish() throws IOException {
            emit(count);
            out.flush();
        }
    }
}
