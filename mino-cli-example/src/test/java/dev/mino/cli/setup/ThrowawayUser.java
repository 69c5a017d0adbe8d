package dev.mino.cli.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local user made for one test (needs root): a login, a home, subordinate ids, and nothing
 * else. No runtime directory: as after {@code su} or in a CI runner on a machine without systemd,
 * nothing makes {@code /run/user/<uid>}. {@link #close()} ends every process the user has left
 * (the Podman service setup starts outlives the CLI, on purpose), and removes the user with its
 * home, its image store and its folders in /tmp.
 */
final class ThrowawayUser implements AutoCloseable {
    private final String name;
    private final long uid;

    private ThrowawayUser(String name, long uid) {
        this.name = name;
        this.uid = uid;
    }

    /** Creates a user named {@code mino-<prefix>-<random>}, with subordinate ids. */
    static ThrowawayUser create(String prefix) {
        String name = "mino-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        root(List.of("useradd", "-m", "-s", "/bin/bash", name));
        ThrowawayUser user = null;
        try {
            user = new ThrowawayUser(name, Long.parseLong(root(List.of("id", "-u", name)).strip()));
            // useradd gives a range where login.defs has SUB_UID_COUNT (Debian); elsewhere add one.
            if (!HostFacts.hasRange(Files.readAllLines(Path.of("/etc/subuid")), name, user.uid)
                || !HostFacts.hasRange(Files.readAllLines(Path.of("/etc/subgid")), name, user.uid)) {
                long start = freeRangeStart();
                String range = start + "-" + (start + 65535);
                root(List.of("usermod", "--add-subuids", range, "--add-subgids", range, name));
            }
            return user;
        } catch (IOException e) {
            removeAfterFailure(user, name);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            removeAfterFailure(user, name);
            throw e;
        }
    }

    private static void removeAfterFailure(ThrowawayUser user, String name) {
        if (user != null) {
            user.close();
        } else {
            root(List.of("userdel", "-r", "-f", name));
        }
    }

    /** Above every range below 2^30 in /etc/subuid (the containers range of rootful Podman lies far above). */
    private static long freeRangeStart() throws IOException {
        long end = 100_000;
        for (String line : Files.readAllLines(Path.of("/etc/subuid"))) {
            String[] parts = line.split(":");
            if (parts.length == 3) {
                long start = Long.parseLong(parts[1].strip());
                if (start < (1L << 30)) {
                    end = Math.max(end, start + Long.parseLong(parts[2].strip()));
                }
            }
        }
        return end;
    }

    String name() {
        return name;
    }

    long uid() {
        return uid;
    }

    Path home() {
        return Path.of("/home", name);
    }

    /** What one command of the user did. */
    record Result(int exitCode, String stdout, String stderr, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout\n" + stdout + "--- stderr\n"
                + stderr;
        }
    }

    /**
     * Runs {@code command} as the user, in their home, through {@code runuser} with only the
     * environment a login would give: HOME, USER, LOGNAME, PATH, SHELL; no XDG_RUNTIME_DIR, no
     * CONTAINER_HOST, no CI variables. {@code extra} adds to it.
     */
    Result run(Duration timeout, Map<String, String> extra, String... command) {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", name, "--", "env", "-i", "HOME=" + home(),
            "USER=" + name, "LOGNAME=" + name, "SHELL=/bin/bash", "PATH=/usr/local/bin:/usr/bin:/bin"));
        extra.forEach((k, v) -> line.add(k + "=" + v));
        line.addAll(Arrays.asList(command));
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(line).directory(home().toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " as " + name + " did not end in " + timeout);
            }
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS),
                Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("running " + String.join(" ", command) + " as " + name, e);
        }
    }

    /** Ends the user's processes (by their ids), then removes the user, its home and its folders in /tmp. */
    @Override
    public void close() {
        endProcesses();
        try {
            root(List.of("userdel", "-r", "-f", name));
        } finally {
            for (String left : List.of("podman-run-" + uid, "containers-user-" + uid)) {
                root(List.of("rm", "-rf", "--one-file-system", "/tmp/" + left));
            }
        }
    }

    /** Ends every process of the user, each by its id (all of them started by the test, as the user). */
    void endProcesses() {
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().user().map(name::equals).orElse(false)).toList();
            if (left.isEmpty()) {
                break;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            left.forEach(p -> p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join());
        }
    }

    /** Runs a command as root (this JVM's user) and returns its stdout; a failure is an error. */
    static String root(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
