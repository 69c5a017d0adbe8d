package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinesTest {
    @Test
    void parsesTheRelayLineForBothFamilies() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("140.82.112.6"), 443),
            Lines.parseProxyLine("MINO-PROXY 1 140.82.112.6 443"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2606:50c0:8000::154"), 443),
            Lines.parseProxyLine("MINO-PROXY 1 2606:50c0:8000::154 443"));
    }

    @Test
    void refusesAnythingElseWithoutLookingNamesUp() {
        for (String line : new String[] {"MINO-PROXY 1 example.com 443", "MINO-PROXY 1 1.2.3 443",
            "MINO-PROXY 1 01.2.3.4 443", "MINO-PROXY 1 1.2.3.4 0", "MINO-PROXY 1 1.2.3.4 65536",
            "MINO-PROXY 1 1.2.3.4 +443", "MINO-PROXY 1  1.2.3.4 443", "MINO-PROXY 2 1.2.3.4 443",
            "MINO-PROXY 1 1.2.3.4", "MINO-PROXY 1 ::g 443", "MINO-PROXY 1 fe80::1%eth0 443"}) {
            assertThrows(ProtocolException.class, () -> Lines.parseProxyLine(line), line);
        }
    }

    @Test
    void readsOneBoundedPrintableLineAndNothingMore() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream("OK\nrest".getBytes(StandardCharsets.US_ASCII));
        assertEquals("OK", Lines.readLine(in));
        assertEquals('r', in.read());
        assertThrows(ProtocolException.class,
            () -> Lines.readLine(new ByteArrayInputStream("x".repeat(300).getBytes(StandardCharsets.US_ASCII))));
        assertThrows(ProtocolException.class,
            () -> Lines.readLine(new ByteArrayInputStream("O\rK\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(EOFException.class,
            () -> Lines.readLine(new ByteArrayInputStream("OK".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void writesTheConnectLine() throws Exception {
        assertEquals("CONNECT 10.0.0.1 443\n",
            new String(Lines.connectLine(InetAddress.getByName("10.0.0.1"), 443), StandardCharsets.US_ASCII));
    }
}
