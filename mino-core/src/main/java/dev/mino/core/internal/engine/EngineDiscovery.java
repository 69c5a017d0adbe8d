package dev.mino.core.internal.engine;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.orbstack.OrbStackEngine;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.state.PrivateFolders;
import dev.mino.core.internal.state.ProcessUid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds the Podman service to use. Candidates, in order: the caller's explicit address,
 * {@code CONTAINER_HOST}, {@code $XDG_RUNTIME_DIR/podman/podman.sock},
 * {@code /run/user/<uid>/podman/podman.sock}, {@code $TMPDIR/podman-run-<uid>/podman/podman.sock}
 * (where {@code podman system service} puts it without a runtime directory; only when that folder
 * is the user's alone), {@code /run/podman/podman.sock}, and on macOS last
 * Podman in the configured OrbStack VM (made ready first: see {@link OrbStackEngine}). An explicit
 * or {@code CONTAINER_HOST} address {@code orbstack://<vm>} (or {@code orbstack:}) names an
 * OrbStack VM on any system. Each is pinged and must answer with a libpod API of version 4.0 or
 * later; when none does, one error lists every attempt and why it failed.
 */
public final class EngineDiscovery {
    /**
     * One lock for the JVM, not per Mino: a VM is the machine's, and two first sandboxes (of one
     * Mino or two) must not create it twice. It guards no state.
     */
    private static final Object ORBSTACK_LOCK = new Object();
    private static final Path ROOTFUL_SOCKET = Path.of("/run/podman/podman.sock");

    private final Map<String, String> environment;
    private final Function<EngineAddress, PodmanClient> clients;
    private final long uid;
    private final String osName;
    private final MinoConfig.Vm vm;
    private final Function<MinoConfig.Vm, OrbStackEngine> orbStacks;
    private final Path rootfulSocket;
    private final ReadyVms readyVms;

    /**
     * Discovery without OrbStack (as on Linux).
     *
     * @param environment the process environment (injectable for tests)
     * @param clients gives the client for an address (the shared ones, normally)
     * @param uid this process's user id, or -1 when unknown
     */
    public EngineDiscovery(Map<String, String> environment, Function<EngineAddress, PodmanClient> clients, long uid) {
        this(environment, clients, uid, "", OrbStackEngine.DEFAULT_VM, null, ROOTFUL_SOCKET, new ReadyVms());
    }

    /**
     * @param environment the process environment (injectable for tests)
     * @param clients gives the client for an address (the shared ones, normally)
     * @param uid this process's user id, or -1 when unknown
     * @param osName the {@code os.name} to decide by: OrbStack is only tried unasked on macOS
     * @param vm the configured OrbStack VM: the one tried on macOS and named by {@code orbstack:},
     *     and the distribution any VM named by {@code orbstack://<vm>} is created from
     * @param orbStacks gives the OrbStack engine for a VM, or null where there is no OrbStack; only
     *     called when a VM is needed, so a bad VM name costs nothing until then
     */
    public EngineDiscovery(Map<String, String> environment, Function<EngineAddress, PodmanClient> clients, long uid,
        String osName, MinoConfig.Vm vm, Function<MinoConfig.Vm, OrbStackEngine> orbStacks) {
        this(environment, clients, uid, osName, vm, orbStacks, ROOTFUL_SOCKET, new ReadyVms());
    }

    /** As above, with the rootful socket elsewhere: tests must not find a service this machine happens to run. */
    EngineDiscovery(Map<String, String> environment, Function<EngineAddress, PodmanClient> clients, long uid,
        String osName, MinoConfig.Vm vm, Function<MinoConfig.Vm, OrbStackEngine> orbStacks, Path rootfulSocket) {
        this(environment, clients, uid, osName, vm, orbStacks, rootfulSocket, new ReadyVms());
    }

    /** As above, remembering the VMs made ready in {@code readyVms} (one Mino's). */
    EngineDiscovery(Map<String, String> environment, Function<EngineAddress, PodmanClient> clients, long uid,
        String osName, MinoConfig.Vm vm, Function<MinoConfig.Vm, OrbStackEngine> orbStacks, Path rootfulSocket,
        ReadyVms readyVms) {
        this.environment = environment;
        this.clients = clients;
        this.uid = uid;
        this.osName = osName;
        this.vm = Objects.requireNonNull(vm, "vm");
        this.orbStacks = orbStacks;
        this.rootfulSocket = rootfulSocket;
        this.readyVms = Objects.requireNonNull(readyVms, "readyVms");
    }

    /**
     * Discovery in {@code environment} with the clients of one Mino: on macOS it ends with the
     * OrbStack VM {@code vm}, and an {@code orbstack:} address means that VM. Each step of making a
     * VM ready is reported to {@code progress}; VMs made ready are remembered in {@code readyVms}.
     */
    public static EngineDiscovery standard(Map<String, String> environment,
                                           Function<EngineAddress, PodmanClient> clients, MinoConfig.Vm vm,
                                           Consumer<String> progress, ReadyVms readyVms) {
        // orb is looked for on every system: orbstack:// may be asked for anywhere.
        return new EngineDiscovery(environment, clients, currentUid(), System.getProperty("os.name", ""), vm,
            named -> OrbStackEngine.standard(named, progress), ROOTFUL_SOCKET, readyVms);
    }

    /** True for the {@code os.name} of macOS. */
    static boolean isMacOs(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /**
     * The first candidate that answers as Podman 4.0 or later; an OrbStack VM is made ready first.
     *
     * @param explicit the caller's address ({@code unix://...}, {@code tcp://...}, {@code ssh://...}
     *     or {@code orbstack://...}), or null
     * @throws PodmanConnectionException listing every attempt when none answers
     */
    public EngineAddress find(String explicit) {
        List<String> attempts = new ArrayList<>();
        Set<String> triedVms = new LinkedHashSet<>();
        String hint = "start one with 'systemctl --user enable --now podman.socket' or 'podman system service "
            + "--time=0 &', or set CONTAINER_HOST to its unix://, tcp:// or ssh:// address";
        for (Candidate candidate : candidates(explicit)) {
            if (candidate.mustBeUsersAlone() != null
                && Files.exists(candidate.mustBeUsersAlone(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !PrivateFolders.isUsersAlone(candidate.mustBeUsersAlone())) {
                attempts.add(candidate.source() + " (" + candidate.value() + "): not used, since "
                    + candidate.mustBeUsersAlone() + " is not a folder of this user's alone (mode 0700)");
                continue;
            }
            EngineAddress address;
            try {
                address = EngineAddress.parse(candidate.value(), environment);
            } catch (MinoException e) {
                attempts.add(candidate.source() + " (" + candidate.value() + "): " + e.getMessage());
                continue;
            }
            if (address instanceof EngineAddress.OrbStackVm named) {
                MinoConfig.Vm wanted = named.name() == null ? vm : new MinoConfig.Vm(named.name(), vm.distro());
                triedVms.add(wanted.name());
                try {
                    return viaOrbStack(wanted);
                } catch (MinoException e) {
                    attempts.add(candidate.source() + " (" + named.uri() + "): " + e.getMessage());
                    hint = e.hint().isEmpty() ? hint : e.hint();
                    continue;
                }
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
                if (explicit != null && !e.hint().isEmpty()) {
                    // The only candidate: what it needs beats advice on starting a local service.
                    hint = e.hint();
                }
            }
        }
        if (explicit == null && orbStacks != null && isMacOs(osName) && !triedVms.contains(vm.name())) {
            try {
                return viaOrbStack(vm);
            } catch (MinoException e) {
                attempts.add("OrbStack VM '" + vm.name() + "': " + e.getMessage());
                // On a Mac, what OrbStack needs is the most useful advice.
                hint = e.hint().isEmpty() ? hint : e.hint();
            }
        }
        throw new PodmanConnectionException("no Podman service found; tried:\n  - " + String.join("\n  - ", attempts),
            hint, null);
    }

    private EngineAddress viaOrbStack(MinoConfig.Vm wanted) {
        if (orbStacks == null) {
            throw new MinoException("OrbStack is not used here", "name a unix://, tcp:// or ssh:// engine instead");
        }
        OrbStackEngine orbStack = orbStacks.apply(wanted);
        synchronized (ORBSTACK_LOCK) {
            EngineAddress known = readyVms.get(orbStack.orbExecutable(), orbStack.vm().name()).orElse(null);
            if (known != null && answers(known)) {
                return known;
            }
            EngineAddress address = orbStack.ensureReady();
            String apiVersion = clients.apply(address).ping();
            if (!atLeastFour(apiVersion)) {
                throw new PodmanConnectionException("Podman in OrbStack VM '" + orbStack.vm().name()
                    + "' has libpod API " + apiVersion + ", older than 4.0",
                    "Run: orb -m " + orbStack.vm().name() + " sudo dnf upgrade -y podman", null);
            }
            readyVms.put(orbStack.orbExecutable(), orbStack.vm().name(), address);
            return address;
        }
    }

    private boolean answers(EngineAddress address) {
        try {
            return atLeastFour(clients.apply(address).ping());
        } catch (MinoException e) {
            return false;
        }
    }

    /**
     * One place to try. {@code mustBeUsersAlone}, when not null, is a folder that must be this
     * user's alone before the socket in it is trusted: a folder in the shared temp folder could
     * have been prepared by another local user to serve a fake Podman (which would then receive
     * the sandbox's credentials).
     */
    private record Candidate(String source, String value, Path mustBeUsersAlone) {
        Candidate(String source, String value) {
            this(source, value, null);
        }
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
        if (uid > 0) {
            // Where 'podman system service' puts its socket when the user has no runtime directory
            // (a login through su, cron, many CI runners): $TMPDIR (or /tmp)/podman-run-<uid>.
            String tmp = environment.getOrDefault("TMPDIR", "/tmp");
            Path runDir = Path.of(tmp.startsWith("/") ? tmp : "/tmp", "podman-run-" + uid);
            Path socket = runDir.resolve("podman").resolve("podman.sock");
            if (seen.add(socket.toString())) {
                list.add(new Candidate("temporary user socket", "unix://" + socket, runDir));
            }
        }
        addSocket(list, seen, "rootful socket", rootfulSocket);
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
        return ProcessUid.current();
    }

}
