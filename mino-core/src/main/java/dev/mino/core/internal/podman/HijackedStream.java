package dev.mino.core.internal.podman;

import dev.mino.core.PodmanConnectionException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * A bidirectional byte stream to a container or exec process, made by Podman "hijacking" an HTTP
 * connection ({@code Upgrade: tcp}, answered with 101): after the response head the socket carries
 * the process's output one way and its stdin the other.
 *
 * <p>The request is written by hand on a socket of its own rather than through OkHttp, because
 * stdin must be half-closable ({@link #closeStdin()} is how the process sees end of input) and the
 * connection must never return to a pool.
 */
public final class HijackedStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    private volatile boolean closed;

    private HijackedStream(Socket socket, InputStream input, OutputStream output) {
        this.socket = socket;
        this.input = input;
        this.output = output;
    }

    static HijackedStream open(EngineAddress address, HttpUrl url, RequestBody body, String what) {
        Socket socket;
        try {
            socket = EngineSockets.connect(address, 5000);
        } catch (IOException e) {
            throw new PodmanConnectionException("cannot reach Podman at " + address.uri() + " to " + what + ": "
                + e.getMessage(), hint(address), e);
        }
        try {
            Buffer content = new Buffer();
            body.writeTo(content);
            String target = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
            String head = "POST " + target + " HTTP/1.1\r\n"
                + "Host: podman\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + "Content-Type: " + (body.contentType() == null ? "application/json" : body.contentType()) + "\r\n"
                + "Content-Length: " + content.size() + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content.readByteArray());
            out.flush();

            // Large enough for several of the 8 KiB frames Podman relays: fewer reads under heavy output.
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            ResponseHead response = ResponseHead.read(in);
            if (response.status() != 101 && response.status() != 200) {
                String text = new String(response.readBody(in), StandardCharsets.UTF_8);
                socket.close();
                throw PodmanErrors.fromAnswer(response.status(), text, what);
            }
            return new HijackedStream(socket, in, out);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new PodmanConnectionException("lost the connection to Podman at " + address.uri() + " during "
                + what + ": " + e.getMessage(), hint(address), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static String hint(EngineAddress address) {
        return address instanceof EngineAddress.Stdio stdio ? PodmanTransport.commandHint(stdio)
            : "check that the Podman service is running";
    }

    /** The process's output: multiplexed frames without a TTY, raw terminal bytes with one. */
    public InputStream output() {
        return input;
    }

    /** The process's stdin. */
    public OutputStream stdin() {
        return output;
    }

    /** Signals end of input to the process (a half-close); its output keeps flowing. */
    public void closeStdin() throws IOException {
        if (!closed && !socket.isOutputShutdown()) {
            output.flush();
            socket.shutdownOutput();
        }
    }

    /** Closes the connection; idempotent and callable from any thread. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
    }

    /** The status line and the one header we need of an HTTP/1.1 response head. */
    private record ResponseHead(int status, long contentLength) {
        static ResponseHead read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the response head ended");
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (head.size() > 64 * 1024) {
                    throw new IOException("response head longer than 64 KiB");
                }
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response: " + lines[0]);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line: " + lines[0], e);
            }
            long length = -1;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            return new ResponseHead(status, length);
        }

        byte[] readBody(InputStream in) throws IOException {
            if (contentLength >= 0) {
                return in.readNBytes((int) Math.min(contentLength, 1 << 20));
            }
            return in.readNBytes(1 << 20);
        }
    }
}
