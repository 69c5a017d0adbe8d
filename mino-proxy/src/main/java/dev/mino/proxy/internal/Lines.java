package dev.mino.proxy.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The one-line protocols between the proxy and the firewall container's guard: the relay's
 * {@code MINO-PROXY 1 <ip> <port>} and the upstream socket's {@code CONNECT <ip> <port>} with its
 * {@code OK} / {@code ERR <text>} answer. Lines are ASCII, at most {@value #MAX_LINE} bytes, ended
 * by a line feed; an address is a literal and is never looked up.
 */
public final class Lines {
    /** The longest line either side may send, line feed included. */
    public static final int MAX_LINE = 200;

    private Lines() {
    }

    /**
     * Reads one line byte by byte, so that nothing after it is consumed.
     *
     * @return the line without its line feed
     * @throws ProtocolException for a line too long or not printable ASCII
     * @throws EOFException when the stream ends first
     */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended before a whole line");
            }
            if (b == '\n') {
                return line.toString();
            }
            if (b < 0x20 || b > 0x7e || line.length() + 1 >= MAX_LINE) {
                throw new ProtocolException("not a line of printable ASCII of at most " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /**
     * The destination in a relay's first line, {@code MINO-PROXY 1 <ip> <port>}.
     *
     * @throws ProtocolException for any other line
     */
    public static java.net.InetSocketAddress parseProxyLine(String line) throws ProtocolException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 4 || !parts[0].equals("MINO-PROXY") || !parts[1].equals("1")) {
            throw new ProtocolException("not a MINO-PROXY 1 line");
        }
        return new java.net.InetSocketAddress(parseAddress(parts[2]), parsePort(parts[3]));
    }

    /** The {@code CONNECT <ip> <port>} line for {@code address}, line feed included. */
    public static byte[] connectLine(InetAddress address, int port) {
        return ("CONNECT " + text(address) + " " + port + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An address's text without a scope: dotted quad or IPv6 hex groups. */
    public static String text(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    /** A port, 1 to 65535, in plain decimal. */
    static int parsePort(String text) throws ProtocolException {
        if (text.isEmpty() || text.length() > 5 || !digits(text) || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new ProtocolException("not a port number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new ProtocolException("not a port number");
        }
        return port;
    }

    /**
     * An IP address literal: a dotted quad of decimal numbers without leading zeros, or an IPv6
     * address. Never a name: nothing is looked up.
     */
    static InetAddress parseAddress(String text) throws ProtocolException {
        try {
            if (text.indexOf(':') >= 0) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                        || c == ':' || c == '.';
                    if (!ok) {
                        throw new ProtocolException("not an IP address");
                    }
                }
                // Java reads a string with ':' as an IPv6 literal or fails; it never resolves it.
                return InetAddress.getByName(text);
            }
            String[] octets = text.split("\\.", -1);
            if (octets.length != 4) {
                throw new ProtocolException("not an IP address");
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = octets[i];
                if (octet.isEmpty() || octet.length() > 3 || !digits(octet)
                    || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                    throw new ProtocolException("not an IP address");
                }
                bytes[i] = (byte) Integer.parseInt(octet);
            }
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new ProtocolException("not an IP address");
        }
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Keeps printable ASCII only, so that a peer's text is safe to show and log. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_LINE; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString();
    }
}
