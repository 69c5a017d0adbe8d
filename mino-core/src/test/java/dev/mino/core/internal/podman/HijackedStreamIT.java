package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConnectionException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attach and exec streams, which OkHttp upgrades from an HTTP call, on every kind of engine address:
 * the Unix socket, TCP (a relay of the test's own in front of that socket), a local
 * {@code podman system dial-stdio} process (what OrbStack engines run) and {@code ssh://} to an sshd
 * of the test's own. On each: end of stdin reaches the command while its output still flows, a
 * close from another thread frees a blocked reader, and the upgraded connection never goes back
 * to the pool nor stays in it once closed.
 */
@RequiresPodman
@Timeout(180)
class HijackedStreamIT {
    private static final String LABEL = "mino-it-hijack-" + UUID.randomUUID().toString().substring(0, 8);
    private static Path socket;
    private static PodmanClient podman;
    private static String container;
    private static TcpRelay relay;
    private static TestSshd sshd;

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainer() throws Exception {
        socket = ((EngineAddress.Unix) TestPodman.address()).socket();
        podman = TestPodman.newClient();
        container = podman.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sleep", "600"), "labels", Map.of("dev.mino.test", "true", LABEL, "1"),
            "netns", Map.of("nsmode", "none"))).id();
        podman.containers().start(container);
        relay = new TcpRelay(socket);
        sshd = TestSshd.start(socket);
    }

    @AfterAll
    static void removeContainer() throws Exception {
        if (container != null) {
            podman.containers().remove(container, true);
        }
        if (relay != null) {
            relay.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        podman.close();
    }

    private EngineAddress engine(String kind) {
        return switch (kind) {
            case "unix" -> TestPodman.address();
            case "tcp" -> relay.address();
            case "stdio" -> DialStdioTransportIT.dialStdio(socket, dir.resolve("starts.log"));
            case "ssh" -> assertInstanceOf(EngineAddress.Stdio.class,
                EngineAddress.parse(sshd.uri(socket), sshd.environment(sshd.clientKey(), true)));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String exec(PodmanClient client, String script, boolean stdin) {
        return client.exec().create(container, new ExecApi.ExecConfig(List.of("sh", "-c", script), null, null, null,
            false, stdin, true, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp", "stdio", "ssh"})
    void endOfStdinReachesTheCommandWhileItsOutputStillFlows(String kind) throws Exception {
        try (PodmanClient client = PodmanClient.create(engine(kind), Duration.ofSeconds(30))) {
            String execId = exec(client, "cat; echo after-eof; sleep 1; echo later >&2; exit 7", true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (HijackedStream stream = client.exec().start(execId, false)) {
                stream.stdin().write("line-1\n".getBytes(StandardCharsets.UTF_8));
                // Positive control: the command is running and reading stdin before it ends.
                assertEquals("line-1\n", readFrame(stream.output()));
                stream.stdin().write("line-2\n".getBytes(StandardCharsets.UTF_8));
                stream.closeStdin();
                assertThrows(IOException.class, () -> stream.stdin().write('x'), "stdin is closed");
                StreamDemultiplexer.copy(stream.output(), out, err);
            }
            assertEquals("line-2\nafter-eof\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("later\n", err.toString(StandardCharsets.UTF_8), "output a second after the end of stdin");
            assertEquals(7, client.exec().inspect(execId).exitCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp", "stdio", "ssh"})
    void aCloseFromAnotherThreadFreesABlockedReaderAndTheConnection(String kind) throws Exception {
        try (PodmanClient client = PodmanClient.create(engine(kind), Duration.ofSeconds(30))) {
            client.ping();
            int idle = client.pooledConnections();
            HijackedStream stream = client.exec().start(exec(client, "echo ready; exec sleep 600", false), false);
            assertEquals("ready\n", readFrame(stream.output()));
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return stream.output().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            // Positive control: the silent command keeps the reader waiting, with no read timeout,
            // and its connection counts in the pool (the ping needs another one).
            assertThrows(TimeoutException.class, () -> reader.get(2, TimeUnit.SECONDS));
            client.ping();
            assertEquals(idle + 1, client.pooledConnections(), "the upgraded connection is in use");

            stream.close();

            assertTrue(reader.get(10, TimeUnit.SECONDS) < 0, "the reader ended with the close");
            assertThrows(IOException.class, () -> stream.output().read());
            assertThrows(IOException.class, () -> stream.stdin().write('x'));
            awaitPooled(client, idle);
        }
    }

    /**
     * A command may say nothing for days: its stream has no read timeout, even on a client whose
     * calls time out after a second. Positive control: an ordinary call of that client that waits
     * longer does time out.
     */
    @Test
    void aSilentStreamOutlivesTheClientsReadTimeout() throws Exception {
        String stubborn = podman.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", "trap '' TERM; sleep 600"), "labels", Map.of("dev.mino.test", "true",
            LABEL, "1"), "netns", Map.of("nsmode", "none"))).id();
        try (PodmanClient impatient = PodmanClient.create(TestPodman.address(), Duration.ofSeconds(1))) {
            podman.containers().start(stubborn);
            // A stop of a command that ignores SIGTERM takes its whole grace time.
            PodmanConnectionException timedOut = assertThrows(PodmanConnectionException.class,
                () -> impatient.containers().stop(stubborn, Duration.ofSeconds(10)));
            assertTrue(timedOut.getMessage().contains("did not answer"), timedOut.getMessage());

            try (HijackedStream stream = impatient.exec().start(exec(podman, "sleep 3; echo awake", false), false)) {
                assertEquals("awake\n", readFrame(stream.output()), "read after 3 s of silence");
                assertEquals(-1, stream.output().read());
            }
        } finally {
            podman.containers().remove(stubborn, true);
        }
    }

    /**
     * Many attach and exec streams, closed every way they can end (read to the end, closed early,
     * stdin closed first), leave the pool as it was: an upgraded connection is never pooled again
     * and OkHttp reports no leak. Positive control: a stream dropped without closing it is counted
     * in the pool and reported as leaked.
     */
    @Test
    void manyStreamsLeaveThePoolAsItWasAndLeakNothing() throws Exception {
        List<LogRecord> leaks = new CopyOnWriteArrayList<>();
        Logger okhttp = Logger.getLogger("okhttp3.OkHttpClient");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("was leaked")) {
                    leaks.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        okhttp.addHandler(handler);
        try (PodmanClient client = PodmanClient.create(TestPodman.address(), Duration.ofSeconds(30))) {
            client.ping();
            int idle = client.pooledConnections();
            for (int i = 0; i < 10; i++) {
                try (HijackedStream stream = client.exec().start(exec(client, "echo out-" + i, false), false)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    StreamDemultiplexer.copy(stream.output(), out, out);
                    assertEquals("out-" + i + "\n", out.toString(StandardCharsets.UTF_8));
                }
                try (HijackedStream stream = client.exec().start(exec(client, "cat", true), false)) {
                    stream.closeStdin();
                }
                try (HijackedStream stream = client.containers().attach(container, false)) {
                    // Closed at once, unread.
                    assertEquals(0, stream.output().available());
                }
                // The pool still serves calls.
                client.ping();
            }
            awaitPooled(client, idle);
            System.gc();
            client.ping();
            Thread.sleep(500);
            assertEquals(List.of(), leaks, "no leak reported");

            WeakReference<HijackedStream> dropped = new WeakReference<>(client.exec().start(exec(client,
                "exec sleep 600", false), false));
            client.ping();
            assertEquals(idle + 1, client.pooledConnections(), "an open stream holds its connection");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (leaks.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                // A call that ends makes OkHttp clean the pool up, which is when it finds leaks.
                client.ping();
                Thread.sleep(100);
            }
            assertEquals(null, dropped.get());
            assertEquals(1, leaks.size(), "the dropped stream is reported");
        } finally {
            okhttp.removeHandler(handler);
        }
    }

    /** Waits for the pool to hold at most {@code idle} connections: streams let go of theirs on close. */
    private static void awaitPooled(PodmanClient client, int idle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.pooledConnections() > idle && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(client.pooledConnections() <= idle, "pooled: " + client.pooledConnections() + ", idle " + idle);
    }

    /** The payload of the next multiplexed frame. */
    private static String readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(8);
        assertEquals(8, header.length, "a frame header");
        int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
            | (header[7] & 0xff);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void anAttachBeforeTheStartMissesNoOutputOnAnyTransport() throws Exception {
        for (String kind : List.of("unix", "tcp", "stdio")) {
            try (PodmanClient client = PodmanClient.create(engine(kind), Duration.ofSeconds(30))) {
                ContainerRoundTrip.run(client);
            }
        }
        assertTrue(Files.exists(dir.resolve("starts.log")), "the stdio transport was used");
    }
}
