package dev.mino.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class ClientHelloTest {
    /** A real ClientHello record as the JDK's TLS client writes it for {@code name}. */
    static byte[] hello(String name) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(name, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(name)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** A stream that hands out one byte per read, as a hostile sender splitting everything would. */
    static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void findsTheServerNameOfARealHelloAndKeepsEveryByte() throws Exception {
        byte[] hello = hello("API.GitHub.com");
        byte[] withMore = Arrays.copyOf(hello, hello.length + 3);
        ClientHello read = ClientHello.read(new ByteArrayInputStream(withMore));
        assertEquals(Optional.of("api.github.com"), read.serverName());
        assertArrayEquals(hello, read.peeked(), "exactly the hello is consumed, nothing after it");
    }

    @Test
    void findsItWhenEveryReadReturnsOneByte() throws Exception {
        byte[] hello = hello("api.github.com");
        ClientHello read = ClientHello.read(trickle(hello));
        assertEquals(Optional.of("api.github.com"), read.serverName());
        assertArrayEquals(hello, read.peeked());
    }

    @Test
    void findsItWhenTheHelloIsSplitOverManyRecords() throws Exception {
        byte[] hello = hello("api.github.com");
        byte[] payload = Arrays.copyOfRange(hello, 5, hello.length);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int at = 0; at < payload.length; at += 7) {
            int length = Math.min(7, payload.length - at);
            records.write(new byte[] {22, 3, 1, 0, (byte) length});
            records.write(payload, at, length);
        }
        ClientHello read = ClientHello.read(trickle(records.toByteArray()));
        assertEquals(Optional.of("api.github.com"), read.serverName());
        assertArrayEquals(records.toByteArray(), read.peeked());
    }

    @Test
    void garbageHugeLengthsAndEarlyEndsGiveNoNameAndKeepTheBytes() throws Exception {
        byte[] hello = hello("api.github.com");
        List<byte[]> inputs = List.of(
            new byte[0],
            "GET / HTTP/1.1\r\n".getBytes(),
            new byte[] {22, 3, 1, (byte) 0xff, (byte) 0xff, 1, 2},
            new byte[] {22, 3, 1, 0, 4, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            new byte[] {22, 3, 1, 0, 0},
            new byte[] {23, 3, 3, 0, 1, 0},
            Arrays.copyOf(hello, hello.length / 2));
        for (byte[] input : inputs) {
            ClientHello read = ClientHello.read(new ByteArrayInputStream(input));
            assertEquals(Optional.empty(), read.serverName());
            assertArrayEquals(Arrays.copyOf(input, read.peeked().length), read.peeked());
            assertTrue(read.peeked().length <= input.length);
        }
    }

    @Test
    void randomCorruptionNeverThrowsAndNeverYieldsAnInvalidName() throws Exception {
        byte[] hello = hello("api.github.com");
        Random random = new Random(18);
        for (int i = 0; i < 5000; i++) {
            byte[] corrupt = hello.clone();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            Optional<String> name = ClientHello.read(new ByteArrayInputStream(corrupt)).serverName();
            name.ifPresent(found -> assertEquals(found, HostNames.normalize(found)));
        }
    }

    @Test
    void aHelloWithoutServerNameHasNone() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        assertEquals(Optional.empty(), ClientHello.read(new ByteArrayInputStream(bytes)).serverName());
    }
}
