package dev.mino.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the start of a connection and finds the server name (SNI) of its TLS ClientHello,
 * without consuming anything for good: the bytes read are kept, so that they can be replayed to a
 * TLS server or sent on untouched. The sandbox writes these bytes, so every length is checked:
 * records split across reads or across several TLS records, huge lengths, garbage and early ends
 * all end in "no server name", never in an exception or a large allocation.
 */
public final class ClientHello {
    /** The largest ClientHello accepted (post-quantum key shares make them a few KiB). */
    static final int MAX_HELLO = 64 * 1024;
    private static final int RECORD_HEADER = 5;
    private static final int MAX_RECORD = 16384 + 256;

    private final byte[] peeked;
    private final String serverName;

    private ClientHello(byte[] peeked, String serverName) {
        this.peeked = peeked;
        this.serverName = serverName;
    }

    /** Every byte read from the connection so far, to be sent on first. */
    public byte[] peeked() {
        return peeked.clone();
    }

    /** The ClientHello's host name, lower case, without a final dot; empty when there was none. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /**
     * Reads the ClientHello from {@code in}. Stops early at anything that is not one (then the
     * result has no server name), at the end of the stream, or at a read timeout.
     */
    public static ClientHello read(InputStream in) throws IOException {
        Reader reader = new Reader(in);
        String name = null;
        try {
            byte[] hello = reader.handshakeMessage();
            name = hello == null ? null : serverName(hello);
        } catch (SocketTimeoutException e) {
            // a client that sends nothing (or too little): go on with what came
        }
        return new ClientHello(reader.bytes.toByteArray(), name);
    }

    /** Reads TLS records, keeping every byte, and joins their handshake payload. */
    private static final class Reader {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Reader(InputStream in) {
            this.in = in;
        }

        /** The first handshake message if it is a ClientHello, else null. */
        byte[] handshakeMessage() throws IOException {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            int needed = -1;
            while (needed < 0 || payload.size() < needed) {
                byte[] header = readFully(RECORD_HEADER);
                if (header == null) {
                    return null;
                }
                int type = header[0] & 0xff;
                int major = header[1] & 0xff;
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                if (type != 22 || major != 3 || length == 0 || length > MAX_RECORD) {
                    return null;
                }
                byte[] fragment = readFully(length);
                if (fragment == null) {
                    return null;
                }
                payload.write(fragment);
                if (needed < 0 && payload.size() >= 4) {
                    byte[] head = payload.toByteArray();
                    if (head[0] != 1) {
                        return null;
                    }
                    int messageLength = ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
                    if (messageLength > MAX_HELLO) {
                        return null;
                    }
                    needed = 4 + messageLength;
                }
                if (payload.size() > MAX_HELLO + 4) {
                    return null;
                }
            }
            return Arrays.copyOfRange(payload.toByteArray(), 4, needed);
        }

        /** Reads exactly {@code count} bytes, keeping them; null when the stream ends first. */
        private byte[] readFully(int count) throws IOException {
            byte[] buffer = new byte[count];
            int done = 0;
            while (done < count) {
                int n = in.read(buffer, done, count - done);
                if (n < 0) {
                    return null;
                }
                bytes.write(buffer, done, n);
                done += n;
            }
            return buffer;
        }
    }

    /** The host_name entry of the server_name extension of a ClientHello body, or null. */
    static String serverName(byte[] hello) {
        Cursor c = new Cursor(hello, 0, hello.length);
        if (!c.skip(2 + 32)) { // legacy_version, random
            return null;
        }
        if (!c.skipVector(1) || !c.skipVector(2) || !c.skipVector(1)) { // session id, suites, compression
            return null;
        }
        Cursor extensions = c.vector(2);
        if (extensions == null) {
            return null;
        }
        String found = null;
        while (extensions.remaining() > 0) {
            int type = extensions.u16();
            Cursor data = extensions.vector(2);
            if (type < 0 || data == null) {
                return null;
            }
            if (type == 0) {
                if (found != null) {
                    return null; // two server_name extensions: the hello is malformed
                }
                found = hostName(data);
                if (found == null) {
                    return null;
                }
            }
        }
        return found;
    }

    private static String hostName(Cursor data) {
        Cursor list = data.vector(2);
        if (list == null || data.remaining() != 0) {
            return null;
        }
        String name = null;
        while (list.remaining() > 0) {
            int nameType = list.u8();
            Cursor value = list.vector(2);
            if (nameType < 0 || value == null) {
                return null;
            }
            if (nameType == 0) {
                if (name != null) {
                    return null;
                }
                name = HostNames.normalize(value.ascii());
                if (name == null) {
                    return null;
                }
            }
        }
        return name;
    }

    /** A bounds-checked reader over a slice of an array; every read past the end fails softly. */
    private static final class Cursor {
        private final byte[] data;
        private int position;
        private final int end;

        Cursor(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        boolean skip(int count) {
            if (count < 0 || count > remaining()) {
                return false;
            }
            position += count;
            return true;
        }

        int u8() {
            return remaining() < 1 ? -1 : data[position++] & 0xff;
        }

        int u16() {
            if (remaining() < 2) {
                return -1;
            }
            int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
            position += 2;
            return value;
        }

        /** A length-prefixed vector (prefix of 1 or 2 bytes), or null when it does not fit. */
        Cursor vector(int prefix) {
            int length = prefix == 1 ? u8() : u16();
            if (length < 0 || length > remaining()) {
                return null;
            }
            Cursor inner = new Cursor(data, position, position + length);
            position += length;
            return inner;
        }

        boolean skipVector(int prefix) {
            return vector(prefix) != null;
        }

        String ascii() {
            StringBuilder text = new StringBuilder(remaining());
            while (position < end) {
                text.append((char) (data[position++] & 0xff));
            }
            return text.toString().toLowerCase(Locale.ROOT);
        }
    }
}
