package dev.mino.core.internal.engine;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the Podman service to use. Candidates, in order: the caller's explicit address,
 * {@code CONTAINER_HOST}, {@code $XDG_RUNTIME_DIR/podman/podman.sock},
 * {@code /run/user/<uid>/podman/podman.sock}, {@code /run/podman/podman.sock}. Each is pinged and
 * must answer with a libpod API of version 4.0 or later; when none does, one error lists every
 * attempt and why it failed.
 */
public final class EngineDiscovery {

    private final Map<String, String> environment;
    private final Function<EngineAddress, PodmanClient> clients;
    private final long uid;

    /**
     * @param environment the process environment (injectable for tests)
     * @param clients gives the client for an address (the shared ones, normally)
     * @param uid this process's user id, or -1 when unknown
     */
    public EngineDiscovery(Map<String, String> environment, Function<EngineAddress, PodmanClient> clients, long uid) {
        this.environment = environment;
        this.clients = clients;
        this.uid = uid;
    }

    /** Discovery with the real environment and the shared clients. */
    public static EngineDiscovery standard() {
        return new EngineDiscovery(System.getenv(), Engines::client, currentUid());
    }

    /**
     * The first candidate that answers as Podman 4.0 or later.
     *
     * @param explicit the caller's address ({@code unix://...} or {@code tcp://...}), or null
     * @throws PodmanConnectionException listing every attempt when none answers
     */
    public EngineAddress find(String explicit) {
        List<String> attempts = new ArrayList<>();
        for (Candidate candidate : candidates(explicit)) {
            EngineAddress address;
            try {
                address = EngineAddress.parse(candidate.value());
            } catch (MinoException e) {
                attempts.add(candidate.source() + " (" + candidate.value() + "): " + e.getMessage());
                continue;
            }
            if (address instanceof EngineAddress.Unix unix && !Files.exists(unix.socket())) {
                attempts.add(candidate.source() + " (" + unix.socket() + "): no such socket");
                continue;
            }
            try {
                String apiVersion = clients.apply(address).ping();
                if (!atLeastFour(apiVersion)) {
                    attempts.add(candidate.source() + " (" + address.uri() + "): libpod API " + apiVersion
                        + " is older than 4.0");
                    continue;
                }
                return address;
            } catch (MinoException e) {
                attempts.add(candidate.source() + " (" + address.uri() + "): " + e.getMessage());
            }
        }
        throw new PodmanConnectionException("no Podman service found; tried:\n  - " + String.join("\n  - ", attempts),
            "start one with 'systemctl --user enable --now podman.socket' or 'podman system service --time=0 &', "
                + "or set CONTAINER_HOST to its unix:// or tcp:// address", null);
    }

    private record Candidate(String source, String value) {
    }

    private List<Candidate> candidates(String explicit) {
        List<Candidate> list = new ArrayList<>();
        if (explicit != null) {
            // An explicit engine is the only candidate: falling back elsewhere would surprise.
            list.add(new Candidate("explicit engine", explicit));
            return list;
        }
        String containerHost = environment.get("CONTAINER_HOST");
        if (containerHost != null && !containerHost.isBlank()) {
            list.add(new Candidate("CONTAINER_HOST", containerHost));
        }
        Set<String> seen = new LinkedHashSet<>();
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && runtimeDir.startsWith("/")) {
            addSocket(list, seen, "$XDG_RUNTIME_DIR socket", Path.of(runtimeDir, "podman", "podman.sock"));
        }
        if (uid >= 0) {
            addSocket(list, seen, "user socket", Path.of("/run/user", Long.toString(uid), "podman", "podman.sock"));
        }
        addSocket(list, seen, "rootful socket", Path.of("/run/podman/podman.sock"));
        return list;
    }

    private static void addSocket(List<Candidate> list, Set<String> seen, String source, Path socket) {
        if (seen.add(socket.toString())) {
            list.add(new Candidate(source, "unix://" + socket));
        }
    }

    static boolean atLeastFour(String apiVersion) {
        try {
            return Integer.parseInt(apiVersion.strip().split("\\.")[0]) >= 4;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** This process's uid, read from /proc (Linux); -1 elsewhere. */
    static long currentUid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }

}
