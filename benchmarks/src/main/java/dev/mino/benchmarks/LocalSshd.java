package dev.mino.benchmarks;

import dev.mino.core.internal.podman.EngineAddress;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An sshd of the benchmark's own on 127.0.0.1 and a free port, with keys made for the run, letting
 * only the Podman socket's owner in, by key: what an {@code ssh://} engine costs without a network
 * in between. Everything lives in a temporary folder removed on {@link #close()}; the machine's
 * own sshd configuration is neither read nor changed.
 */
final class LocalSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final String user;
    private final int port;
    private final Process process;

    private LocalSshd(Path dir, String user, int port, Process process) {
        this.dir = dir;
        this.user = user;
        this.port = port;
        this.process = process;
    }

    /** Whether one can be started here: sshd must be installed, and logging in as another user takes root. */
    static boolean usable() {
        return Files.isExecutable(SSHD) && "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param user who logs in: the owner of the Podman socket
     * @param podmanSocket that socket; its folder's parent is the user's runtime folder
     */
    static LocalSshd start(String user, Path podmanSocket) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mino-bench-sshd-");
        // The user's authorized_keys is read as that user.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Path authorized = Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        // sshd refuses to start without its privilege separation folder, which /run loses on reboot.
        Files.createDirectories(Path.of("/run/sshd"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "AuthorizedKeysFile " + authorized,
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            // PAM, because a user without a password counts as locked for sshd alone.
            "UsePAM yes",
            "AllowUsers " + user,
            "PidFile none",
            "SetEnv XDG_RUNTIME_DIR=" + podmanSocket.getParent().getParent(),
            ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p",
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
        LocalSshd sshd = new LocalSshd(dir, user, port, process);
        try {
            sshd.awaitListening();
        } catch (IOException | InterruptedException e) {
            sshd.close();
            throw e;
        }
        return sshd;
    }

    /** The ssh engine of {@code socket} through this sshd, trusting its host key on first use. */
    EngineAddress address(Path socket) {
        return EngineAddress.parse("ssh://" + user + "@127.0.0.1:" + port + socket, Map.of(
            "CONTAINER_SSHKEY", dir.resolve("client_key").toString(),
            "MINO_SSH_OPTIONS", "-F none -o IdentitiesOnly=yes -o UserKnownHostsFile=" + dir.resolve("known_hosts")
                + " -o StrictHostKeyChecking=accept-new"));
    }

    private static void keygen(Path file) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mino-bench", "-f",
            file.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + output);
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on port " + port);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
