package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The socket over a child process, with {@code cat}, {@code sleep} and {@code sh} as the process. */
@Timeout(20)
class ProcessSocketTest {

    private static ProcessSocket connect(String... command) throws IOException {
        ProcessSocket socket = new ProcessSocket(new EngineAddress.Stdio(List.of(command), "test"));
        socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000);
        return socket;
    }

    private static String read(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    @Test
    void carriesBytesBothWaysAndShutdownOutputClosesTheProcessStdin() throws Exception {
        try (ProcessSocket socket = connect("cat")) {
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", read(socket.getInputStream(), 4));
            socket.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertTrue(socket.isOutputShutdown());
            // cat sees end of input, writes the rest and exits: end of stream, not an error.
            assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), socket.getInputStream().readAllBytes());
            assertTrue(socket.isInputShutdown(), "the process's output has ended");
        }
    }

    @Test
    void honoursTheReadTimeoutEvenOfOneMillisecondAndStaysUsable() throws Exception {
        // OkHttp's health check of an idle pooled connection sets a 1 ms timeout and reads once;
        // a socket that ignored it would hang that request for good.
        try (ProcessSocket socket = connect("cat")) {
            socket.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            socket.setSoTimeout(300);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(new byte[8]));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 290 && millis < 3000, "timed out after " + millis + " ms");
            assertFalse(socket.isClosed());
            socket.getOutputStream().write('x');
            assertEquals('x', socket.getInputStream().read());
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReadAndEndsTheProcess() throws Exception {
        ProcessSocket socket = connect("sleep", "60");
        ProcessHandle process = ProcessHandle.of(socket.pid()).orElseThrow();
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                socket.getInputStream().read();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertFalse(reader.isDone(), "the read blocks while the process says nothing");
        long start = System.nanoTime();
        socket.close();
        Throwable failure = reader.get(5, TimeUnit.SECONDS);
        assertTrue(failure instanceof SocketException, String.valueOf(failure));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000);
        process.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(process.isAlive());
        assertTrue(socket.isClosed());
        assertThrows(SocketException.class, () -> socket.getInputStream());
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterAShortGrace() throws Exception {
        ProcessSocket socket = connect("sh", "-c", "trap '' TERM; echo ready; exec sleep 60");
        assertEquals("ready\n", read(socket.getInputStream(), 6));
        ProcessHandle process = ProcessHandle.of(socket.pid()).orElseThrow();
        socket.close();
        process.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(process.isAlive());
    }

    @Test
    void aProcessThatEndsBeforeAnsweringFailsReadsWithItsExitStatusAndStderr() throws Exception {
        String script = "echo 'me@host: Permission denied (publickey).' >&2; exit 255";
        try (ProcessSocket socket = connect("sh", "-c", script)) {
            IOException e = assertThrows(IOException.class, () -> socket.getInputStream().read());
            assertEquals("'sh -c echo 'me@host: Permission denied (publickey).' >&2; exit 255' exited with status 255 "
                + "before the engine answered: me@host: Permission denied (publickey).", e.getMessage());
        }
    }

    @Test
    void aProgramThatDoesNotExistFailsTheConnect() {
        ProcessSocket socket = new ProcessSocket(new EngineAddress.Stdio(List.of("/no/such/program"), "test"));
        IOException e = assertThrows(IOException.class,
            () -> socket.connect(InetSocketAddress.createUnresolved("podman", 80), 1000));
        assertTrue(e.getMessage().startsWith("cannot run '/no/such/program'"), e.getMessage());
    }

    @Test
    void movesMoreThanItsBufferHolds() throws Exception {
        try (ProcessSocket socket = connect("head", "-c", "5000000", "/dev/zero")) {
            byte[] chunk = new byte[7000];
            long total = 0;
            int n;
            while ((n = socket.getInputStream().read(chunk)) >= 0) {
                total += n;
            }
            assertEquals(5_000_000, total);
        }
    }
}
