package dev.mino.cli.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a local rootful engine can give sandboxes user namespaces of their own: Podman's
 * userns=auto takes them from the {@code containers} range of this machine's /etc/subuid and
 * /etc/subgid. Only a local socket's host can be looked at; a remote one is judged at run.
 */
public final class RootfulIds {
    private RootfulIds() {
    }

    /** True when the engine at {@code address} is local and this machine has no containers range. */
    public static boolean localRangeMissing(String address) {
        if (!address.startsWith("unix://")) {
            return false;
        }
        return !has(Path.of("/etc/subuid")) || !has(Path.of("/etc/subgid"));
    }

    /** Whether a subordinate-id file has a range for the user {@code containers}. */
    static boolean has(Path file) {
        try {
            return Files.isRegularFile(file) && HostFacts.hasRange(Files.readAllLines(file), "containers", -1);
        } catch (IOException e) {
            return false;
        }
    }
}
