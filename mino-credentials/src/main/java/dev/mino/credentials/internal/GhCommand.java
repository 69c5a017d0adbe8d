package dev.mino.credentials.internal;

import dev.mino.core.WarningCodes;
import dev.mino.core.credentials.CredentialException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs {@code gh auth token} with a time limit and returns the token it prints. */
public final class GhCommand {
    private static final String PROVIDER = "github";
    // Enough for any token and error message; more would only be a misbehaving program.
    private static final int MAX_OUTPUT = 64 * 1024;

    private GhCommand() {
    }

    /**
     * Finds {@code gh} on the PATH of the given environment. ProcessBuilder would search the PATH of
     * this JVM instead, which is not the environment the provider was given.
     */
    public static Optional<Path> find(Map<String, String> environment) {
        String path = environment.get("PATH");
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String name = windows ? "gh.exe" : "gh";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code gh auth token [--hostname host]}.
     *
     * @param gh the executable
     * @param host the GitHub host; {@code --hostname} is passed unless it is github.com
     * @param environment the child's whole environment
     * @param timeout how long gh may take
     * @throws CredentialException when gh cannot start, times out, fails or prints nothing
     */
    public static String token(Path gh, String host, Map<String, String> environment, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(gh.toString(), "auth", "token"));
        if (!host.equalsIgnoreCase("github.com")) {
            command.add("--hostname");
            command.add(host);
        }
        String commandText = String.join(" ", command.subList(1, command.size()));
        String loginHint = "Run: gh auth login" + (host.equalsIgnoreCase("github.com") ? "" : " --hostname " + host);

        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CredentialException(PROVIDER, "Command failed: gh " + commandText + ": " + e.getMessage(),
                "Install the GitHub CLI, or set GH_TOKEN", e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // gh reads no input; a pipe that is already closed changes nothing.
        }
        Collector out = Collector.start(process.getInputStream(), "gh-stdout");
        Collector err = Collector.start(process.getErrorStream(), "gh-stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new CredentialException(PROVIDER, "gh " + commandText + " did not finish within "
                    + timeout.toSeconds() + " seconds", "Run: gh auth status", null);
            }
            out.thread.join(timeout.toMillis());
            err.thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CredentialException(PROVIDER, "Interrupted while waiting for gh " + commandText, "", e);
        }
        String stderr = SecretText.clean(err.text(), List.of());
        if (process.exitValue() != 0) {
            if (stderr.contains("not logged in") || stderr.contains("gh auth login")) {
                throw new CredentialException(PROVIDER, "GitHub CLI not authenticated", loginHint, null,
                    WarningCodes.GITHUB_NO_TOKEN);
            }
            throw new CredentialException(PROVIDER, "gh " + commandText + " failed (exit " + process.exitValue()
                + "): " + stderr, "Run: gh auth status", null);
        }
        String token = out.text().strip();
        if (token.isEmpty()) {
            throw new CredentialException(PROVIDER, "GitHub CLI not authenticated", loginHint, null,
                WarningCodes.GITHUB_NO_TOKEN);
        }
        return token;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Drains one of the child's pipes so that a full pipe never blocks it. */
    private static final class Collector implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Thread thread;

        private Collector(InputStream in) {
            this.in = in;
        }

        static Collector start(InputStream in, String name) {
            Collector collector = new Collector(in);
            collector.thread = new Thread(collector, name);
            collector.thread.setDaemon(true);
            collector.thread.start();
            return collector;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (bytes) {
                        if (bytes.size() < MAX_OUTPUT) {
                            bytes.write(buffer, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe closes when the process is killed; what was read so far is kept.
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
