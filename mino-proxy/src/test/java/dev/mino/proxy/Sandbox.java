package dev.mino.proxy;

import dev.mino.proxy.internal.ChannelSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the firewall container's relay and the sandbox do together, as the tests play it: connect
 * to proxy.sock, write the MINO-PROXY line, then speak TLS (or anything) over it.
 */
final class Sandbox {
    private Sandbox() {
    }

    /** A raw connection to the proxy after the MINO-PROXY line for 127.0.0.1 and {@code port}. */
    static ChannelSocket raw(Path proxySocket, int port) throws IOException {
        ChannelSocket socket = rawWithoutLine(proxySocket);
        socket.getOutputStream().write(("MINO-PROXY 1 127.0.0.1 " + port + "\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    static ChannelSocket rawWithoutLine(Path proxySocket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(proxySocket));
        ChannelSocket socket = new ChannelSocket(channel, null);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** A TLS connection for {@code serverName}, trusting the proxy's and the stand-ins' certificates. */
    static SSLSocket tls(Path proxySocket, int port, String serverName) throws Exception {
        return tls(raw(proxySocket, port), serverName);
    }

    static SSLSocket tls(Socket raw, String serverName) throws Exception {
        SSLSocketFactory factory = TestTls.trusting(TestTls.PROXY_KEYS, TestTls.STAND_IN_KEYS).getSocketFactory();
        SSLSocket tls = (SSLSocket) factory.createSocket(raw, serverName, 443, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response as the test read it. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads one response: a body by Content-Length or chunked, none for HEAD/1xx/204/304. */
    static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = line(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head || status < 200 || status == 204 || status == 304) {
            return new Response(status, headers, new byte[0]);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line(in).split(";")[0], 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray());
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("end of stream within a line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
