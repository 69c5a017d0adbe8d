package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * How one HTTP/1.1 message's body is delimited (RFC 9112 section 6), and copying it in that same
 * framing. A chunked body is decoded and encoded again, so that only well-formed chunks ever
 * leave the proxy, whatever the sender wrote.
 */
final class Body {
    /** How the body ends. */
    enum Kind {
        /** No body. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** Everything until the connection closes (responses only). */
        UNTIL_CLOSE
    }

    private static final int MAX_CHUNK_LINE = 4096;

    static final Body NONE = new Body(Kind.NONE, 0);

    private final Kind kind;
    private final long length;

    private Body(Kind kind, long length) {
        this.kind = kind;
        this.length = length;
    }

    Kind kind() {
        return kind;
    }

    long length() {
        return length;
    }

    boolean present() {
        return kind != Kind.NONE;
    }

    /** A request's framing; refuses the ambiguous forms request smuggling relies on. */
    static Body ofRequest(Fields fields) throws HttpError {
        return framing(fields, 400, false);
    }

    /** A response's framing, given the request's method (HEAD has no body in its answer). */
    static Body ofResponse(String method, int status, Fields fields) throws HttpError {
        if (method.equals("HEAD") || (status >= 100 && status < 200) || status == 204 || status == 304) {
            return NONE;
        }
        return framing(fields, 502, true);
    }

    private static Body framing(Fields fields, int bad, boolean response) throws HttpError {
        List<String> encodings = fields.values("Transfer-Encoding");
        List<String> lengths = fields.values("Content-Length");
        if (!encodings.isEmpty() && !lengths.isEmpty()) {
            throw new HttpError(bad, "the message has both Content-Length and Transfer-Encoding");
        }
        if (encodings.size() > 1 || lengths.size() > 1) {
            throw new HttpError(bad, "the message repeats Content-Length or Transfer-Encoding");
        }
        if (!encodings.isEmpty()) {
            if (!encodings.get(0).toLowerCase(Locale.ROOT).equals("chunked")) {
                if (response) {
                    return new Body(Kind.UNTIL_CLOSE, 0);
                }
                throw new HttpError(501, "only the chunked transfer coding is supported");
            }
            return new Body(Kind.CHUNKED, 0);
        }
        if (!lengths.isEmpty()) {
            String text = lengths.get(0);
            if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpError(bad, "the message's Content-Length is not a number");
            }
            long value = Long.parseLong(text);
            return value == 0 ? NONE : new Body(Kind.LENGTH, value);
        }
        return response ? new Body(Kind.UNTIL_CLOSE, 0) : NONE;
    }

    /**
     * Copies the body from {@code in} to {@code out} in the same framing, flushing after every
     * read so that a streamed answer reaches the sandbox as it comes.
     *
     * @throws HttpError when a chunk is malformed
     * @throws EOFException when the body ends early
     */
    void copy(HttpInput in, OutputStream out) throws IOException, HttpError {
        relay(in, out, null, null, kind);
    }

    /**
     * Copies the body from {@code in} to {@code out} as {@link #copy} does, masking the secrets
     * of {@code mask} (across reads and chunks: at most the longest secret less one byte is held
     * back, never the whole body), undoing a content coding first when {@code decoding} names one.
     *
     * @param mask the secrets to mask, or null
     * @param decoding {@code gzip}, {@code x-gzip} or {@code deflate} to decode, or null
     * @param outgoing the framing written: this body's own, or (when decoding, which changes the
     *     length) {@link Kind#CHUNKED} or {@link Kind#UNTIL_CLOSE}
     * @throws HttpError when a chunk is malformed
     * @throws EOFException when the body ends early
     */
    void relay(HttpInput in, OutputStream out, SecretMask mask, String decoding, Kind outgoing)
        throws IOException, HttpError {
        if (kind == Kind.NONE) {
            return;
        }
        Content content = new Content(in);
        InputStream source = decoding == null ? content : ContentCodings.decoder(decoding, content);
        ChunkedOutput chunked = outgoing == Kind.CHUNKED ? new ChunkedOutput(out) : null;
        OutputStream sink = chunked == null ? out : chunked;
        SecretMask.Masking masking = mask == null || mask.isEmpty() ? null : mask.masking(sink);
        OutputStream target = masking == null ? sink : masking;
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = source.read(buffer, 0, buffer.length)) >= 0; ) {
                if (n > 0) {
                    target.write(buffer, 0, n);
                    target.flush();
                }
            }
            if (decoding != null) {
                // Whatever follows the compressed data within the body is dropped, so that the
                // next answer on the connection starts where it should.
                while (content.read(buffer, 0, buffer.length) >= 0) {
                    continue;
                }
            }
        } catch (MalformedChunk e) {
            throw e.error;
        }
        if (masking != null) {
            masking.finish();
        }
        if (chunked != null) {
            ByteArrayOutputStream end = new ByteArrayOutputStream();
            end.writeBytes(HttpInput.line("0"));
            (content.trailers == null ? new Fields() : content.trailers).writeTo(end);
            out.write(mask == null ? end.toByteArray() : mask.mask(end.toByteArray()));
        }
        out.flush();
    }

    /** A malformed chunk met while reading the body as a stream. */
    private static final class MalformedChunk extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient HttpError error;

        MalformedChunk(HttpError error) {
            super(error.getMessage());
            this.error = error;
        }
    }

    /** The body's bytes without their framing; a chunked body's trailer fields are kept at its end. */
    private final class Content extends InputStream {
        private final HttpInput in;
        private long left;
        private boolean ended;
        private boolean started;
        Fields trailers;

        Content(HttpInput in) {
            this.in = in;
            this.left = kind == Kind.LENGTH ? length : 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int count) throws IOException {
            if (ended) {
                return -1;
            }
            if (count == 0) {
                return 0;
            }
            switch (kind) {
                case UNTIL_CLOSE:
                    int any = in.read(target, offset, count);
                    ended = any < 0;
                    return any;
                case LENGTH:
                    if (left == 0) {
                        ended = true;
                        return -1;
                    }
                    return take(target, offset, count);
                case CHUNKED:
                    try {
                        if (left == 0) {
                            if (started) {
                                endOfChunk(in);
                            }
                            started = true;
                            left = chunkSize(in);
                            if (left == 0) {
                                trailers = Fields.read(in, 400, 431);
                                ended = true;
                                return -1;
                            }
                        }
                    } catch (HttpError e) {
                        throw new MalformedChunk(e);
                    }
                    return take(target, offset, count);
                default:
                    ended = true;
                    return -1;
            }
        }

        private int take(byte[] target, int offset, int count) throws IOException {
            int n = in.read(target, offset, (int) Math.min(count, left));
            if (n < 0) {
                throw new EOFException("the connection ended within a message body");
            }
            left -= n;
            return n;
        }
    }

    /** Writes each write as one chunk. */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            out.write(HttpInput.line(Integer.toHexString(length)));
            out.write(bytes, offset, length);
            out.write(HttpInput.line(""));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /**
     * Reads the whole body into memory, for a swap that needs it.
     *
     * @param max the most bytes accepted
     * @param trailers where a chunked body's trailer fields go
     * @throws HttpError 413 when the body is larger than {@code max}
     */
    byte[] readAll(HttpInput in, long max, List<String[]> trailers) throws IOException, HttpError {
        if (kind == Kind.LENGTH && length > max) {
            throw new HttpError(413, "the request body is larger than the credential proxy reads (" + max + " bytes)");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        if (kind == Kind.LENGTH) {
            copyExactly(in, body, length, buffer);
        } else if (kind == Kind.CHUNKED) {
            for (long size; (size = chunkSize(in)) != 0; ) {
                if (body.size() + size > max) {
                    throw new HttpError(413, "the request body is larger than the credential proxy reads ("
                        + max + " bytes)");
                }
                copyExactly(in, body, size, buffer);
                endOfChunk(in);
            }
            trailers.addAll(Fields.read(in, 400, 431).copy());
        }
        return body.toByteArray();
    }

    /** Writes a body read by {@link #readAll} in this framing (chunked as one chunk). */
    void writeAll(byte[] body, List<String[]> trailers, OutputStream out) throws IOException {
        if (kind == Kind.CHUNKED) {
            ByteArrayOutputStream chunked = new ByteArrayOutputStream(body.length + 64);
            if (body.length > 0) {
                chunked.writeBytes(HttpInput.line(Integer.toHexString(body.length)));
                chunked.writeBytes(body);
                chunked.writeBytes(HttpInput.line(""));
            }
            chunked.writeBytes(HttpInput.line("0"));
            for (String[] field : trailers) {
                chunked.writeBytes(HttpInput.line(field[0] + ": " + field[1]));
            }
            chunked.writeBytes(HttpInput.line(""));
            chunked.writeTo(out);
        } else {
            out.write(body);
        }
        out.flush();
    }

    private static void copyExactly(HttpInput in, OutputStream out, long count, byte[] buffer) throws IOException {
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the connection ended within a message body");
            }
            out.write(buffer, 0, n);
            left -= n;
            if (!(out instanceof ByteArrayOutputStream)) {
                out.flush();
            }
        }
    }

    /** A chunk-size line: hexadecimal digits, then optional extensions (dropped). */
    private static long chunkSize(HttpInput in) throws IOException, HttpError {
        String line = in.readLine(MAX_CHUNK_LINE, 400);
        int end = 0;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == 0 || end > 15) {
            throw new HttpError(400, "a malformed chunk size");
        }
        String rest = line.substring(end);
        if (!rest.isEmpty() && !(rest.charAt(0) == ';' || rest.charAt(0) == ' ' || rest.charAt(0) == '\t')) {
            throw new HttpError(400, "a malformed chunk size");
        }
        if (!Fields.isValue(rest)) {
            throw new HttpError(400, "a control character in a chunk extension");
        }
        return Long.parseLong(line.substring(0, end), 16);
    }

    private static void endOfChunk(HttpInput in) throws IOException, HttpError {
        if (!in.readLine(2, 400).isEmpty()) {
            throw new HttpError(400, "a chunk is longer than its size");
        }
    }
}
