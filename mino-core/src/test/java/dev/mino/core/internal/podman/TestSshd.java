package dev.mino.core.internal.podman;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An sshd of the test's own on 127.0.0.1 and a free port, with a host key and an authorized key
 * made for the run, letting the test user in by key only. Nothing is installed or changed outside
 * its temp folder (the package comes from scripts/test-podman.sh, which starts no sshd).
 */
final class TestSshd implements AutoCloseable {
    static final String USER = "minotest";

    private final Path dir;
    private final Path clientKey;
    private final Path otherKey;
    private final int port;
    private final Process sshd;

    private TestSshd(Path dir, Path clientKey, Path otherKey, int port, Process sshd) {
        this.dir = dir;
        this.clientKey = clientKey;
        this.otherKey = otherKey;
        this.port = port;
        this.sshd = sshd;
    }

    /**
     * @param podmanSocket the test user's Podman socket; its folder's parent is the user's runtime
     *     folder, which logins get as XDG_RUNTIME_DIR
     */
    static TestSshd start(Path podmanSocket) throws IOException, InterruptedException {
        // The user's authorized_keys is read as that user: the folder must be open to it.
        Path dir = Files.createTempDirectory("mino-sshd-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hostKey = keygen(dir.resolve("host_key"));
        Path clientKey = keygen(dir.resolve("client_key"));
        Path otherKey = keygen(dir.resolve("other_key"));
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("client_key.pub"), authorized);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        // sshd refuses to start without its privilege separation folder, which /run loses on reboot.
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "AuthorizedKeysFile " + authorized,
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            // PAM, because the test user has no password and sshd alone would call it locked.
            "UsePAM yes",
            "AllowUsers " + USER,
            "PidFile none",
            // So that 'podman system dial-stdio' without --url finds the user's socket.
            "SetEnv XDG_RUNTIME_DIR=" + podmanSocket.getParent().getParent(),
            ""), StandardCharsets.UTF_8);
        Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString(), "-p",
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
        TestSshd server = new TestSshd(dir, clientKey, otherKey, port, sshd);
        server.awaitListening();
        return server;
    }

    private static Path keygen(Path file) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mino-test", "-f",
            file.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + output);
        }
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd exited: " + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on port " + port + ": " + log());
    }

    int port() {
        return port;
    }

    /** The authorized key. */
    Path clientKey() {
        return clientKey;
    }

    /** A key sshd does not know. */
    Path otherKey() {
        return otherKey;
    }

    Path dir() {
        return dir;
    }

    /** The {@code ssh://} address of the user's Podman socket through this sshd. */
    String uri(Path socket) {
        return "ssh://" + USER + "@127.0.0.1:" + port + (socket == null ? "" : socket.toString());
    }

    /**
     * The environment the ssh transport reads: the key, and options that keep ssh away from the
     * user's own configuration and known_hosts and trust this run's host key on first use.
     */
    Map<String, String> environment(Path key, boolean acceptNewHostKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONTAINER_SSHKEY", key.toString());
        env.put("MINO_SSH_OPTIONS", "-F none -o IdentitiesOnly=yes -o UserKnownHostsFile=" + dir.resolve("known_hosts")
            + (acceptNewHostKey ? " -o StrictHostKeyChecking=accept-new" : " -o StrictHostKeyChecking=yes"));
        return env;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        sshd.destroy();
        try {
            if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            sshd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
