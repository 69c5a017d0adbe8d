package dev.mino.cli.setup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code podman pull} as setup runs it. Its progress is shown once a registry has answered (the
 * image's layers are being copied); until then, what Podman prints (aliases, each registry it
 * tries, and for a machine that reaches none, a raw {@code Error: ... dial tcp ... no such host})
 * is held back, so that setup can say in its own words what happens instead.
 */
final class ImagePull {

    /** Words Podman's progress has once a registry answered with the image. */
    private static final List<String> ANSWERED = List.of("Getting image source signatures", "Copying blob",
        "Copying config", "Writing manifest", "Storing signatures");

    /** Words of the errors a pull ends with when no registry could be reached at all. */
    private static final List<String> UNREACHABLE = List.of("no such host", "dial tcp", "connection refused",
        "network is unreachable", "no route to host", "i/o timeout", "tls handshake timeout",
        "temporary failure in name resolution", "server misbehaving", "context deadline exceeded",
        "pinging container registry");

    private ImagePull() {
    }

    /**
     * What a pull did.
     *
     * @param pulled whether it succeeded
     * @param registryAnswered whether a registry served the image's layers (its progress was shown)
     * @param reason Podman's own error, condensed to its last line; empty after a success
     */
    record Outcome(boolean pulled, boolean registryAnswered, String reason) {
        /** Whether it failed because no registry could be reached (rather than, say, an unknown image). */
        boolean unreachable() {
            return !pulled && !registryAnswered && ImagePull.unreachable(reason);
        }
    }

    /**
     * Runs {@code command} (a {@code podman pull}), its stdout (the image id) dropped and its
     * stderr copied to {@code progress} from the moment a registry answers.
     */
    static Outcome run(List<String> command, Map<String, String> env, OutputStream progress) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(false, false, "podman could not be started: " + e.getMessage());
        }
        List<String> held = new ArrayList<>();
        boolean answered = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                held.add(line);
                if (!answered && answered(line)) {
                    answered = true;
                    held.forEach(l -> write(progress, l));
                } else if (answered) {
                    write(progress, line);
                }
            }
            int code = process.waitFor();
            return new Outcome(code == 0, answered, code == 0 ? "" : reason(held, code));
        } catch (IOException e) {
            process.destroyForcibly();
            return new Outcome(false, answered, "reading podman's output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(false, answered, "interrupted");
        }
    }

    static boolean answered(String line) {
        return ANSWERED.stream().anyMatch(line::contains);
    }

    /** Whether Podman's error says that no registry could be reached. */
    static boolean unreachable(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        return UNREACHABLE.stream().anyMatch(lower::contains);
    }

    /**
     * Podman's last {@code Error:} line without that word, else its last line: for example
     * {@code initializing source docker://x: pinging container registry r: ... no such host}.
     */
    static String reason(List<String> stderr, int code) {
        String error = "";
        String last = "";
        for (String line : stderr) {
            String stripped = line.strip();
            if (stripped.startsWith("Error: ")) {
                error = stripped.substring("Error: ".length());
            } else if (!stripped.isEmpty()) {
                last = stripped;
            }
        }
        String reason = error.isEmpty() ? last : error;
        return reason.isEmpty() ? "podman pull exited with " + code : reason;
    }

    /**
     * The host that did not answer, from an error like {@code ... lookup registry.example on
     * 10.0.0.1:53: no such host} or {@code ... pinging container registry registry.example: ...}.
     */
    static String host(String reason) {
        for (String marker : List.of("pinging container registry ", "lookup ")) {
            int at = reason.indexOf(marker);
            if (at >= 0) {
                String rest = reason.substring(at + marker.length());
                int end = 0;
                while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != ' ') {
                    end++;
                }
                if (end > 0) {
                    return rest.substring(0, end);
                }
            }
        }
        return "";
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // Progress is a courtesy; the outcome still counts.
        }
    }
}
