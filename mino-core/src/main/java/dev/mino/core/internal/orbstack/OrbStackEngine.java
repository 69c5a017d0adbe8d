package dev.mino.core.internal.orbstack;

import dev.mino.core.MinoException;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Podman inside an OrbStack Linux VM: the engine on macOS. Podman's socket lives in the VM and
 * cannot be opened from the Mac (Unix sockets do not cross OrbStack's shared file system), so
 * every connection runs {@code orb -m <vm> -u <user> podman system dial-stdio}.
 *
 * <p>{@link #ensureReady()} first makes the VM usable, reporting each step: OrbStack running, the
 * VM created and started, Podman installed, rootless mode set up, the user's Podman socket
 * enabled. Project paths need no translation: OrbStack shows macOS paths unchanged inside the VM.
 */
public final class OrbStackEngine {
    /** The VM used when the configuration names none: {@code mino}, created from {@code fedora}. */
    public static final MinoConfig.Vm DEFAULT_VM = new MinoConfig.Vm("mino", "fedora");

    private static final Duration QUICK = Duration.ofSeconds(60);
    /** Creating a VM, starting one or installing Podman downloads things. */
    private static final Duration SLOW = Duration.ofMinutes(15);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(30);
    // Names become orb arguments: a leading '-' would be read as an option.
    private static final Pattern DISTRO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String INSTALL_HINT =
        "Install OrbStack from https://orbstack.dev or run: brew install orbstack";
    private static final String SETUP_HINT = "Run: mino setup";

    private final MinoConfig.Vm vm;
    private final Orb orb;
    private final Consumer<String> progress;

    /**
     * @param vm the VM's name and the distribution it is created from
     * @param orbExecutable the {@code orb} command (an absolute path, or a name looked up on PATH)
     * @param progress receives one message per step, for example "Creating OrbStack VM 'mino' (fedora)"
     * @throws MinoException when the VM name or distribution cannot be an orb argument
     */
    public OrbStackEngine(MinoConfig.Vm vm, Path orbExecutable, Consumer<String> progress) {
        this.vm = Objects.requireNonNull(vm, "vm");
        this.orb = new Orb(Objects.requireNonNull(orbExecutable, "orbExecutable"));
        this.progress = Objects.requireNonNull(progress, "progress");
        if (!EngineAddress.OrbStackVm.NAME.matcher(vm.name()).matches()) {
            throw new MinoException("vm.name '" + vm.name() + "' is not a usable OrbStack machine name",
                "use up to 63 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (!DISTRO.matcher(vm.distro()).matches()) {
            throw new MinoException("vm.distro '" + vm.distro() + "' is not a usable OrbStack distribution",
                "use a name such as fedora, ubuntu or debian:bookworm");
        }
    }

    /** The engine for {@code vm}, with {@code orb} found by {@link #locate}. */
    public static OrbStackEngine standard(MinoConfig.Vm vm, Consumer<String> progress) {
        return new OrbStackEngine(vm, locate(System.getenv()).orElse(Path.of("orb")), progress);
    }

    /**
     * Where {@code orb} is: on PATH, else where OrbStack and Homebrew install it, which matters to
     * applications started from the Finder, whose PATH has neither.
     *
     * @param environment supplies {@code PATH} and {@code HOME}
     */
    public static Optional<Path> locate(Map<String, String> environment) {
        List<Path> places = new ArrayList<>();
        String path = environment.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    places.add(Path.of(dir, "orb"));
                }
            }
        }
        String home = environment.get("HOME");
        if (home != null && !home.isEmpty()) {
            places.add(Path.of(home, ".orbstack", "bin", "orb"));
        }
        places.add(Path.of("/usr/local/bin/orb"));
        places.add(Path.of("/opt/homebrew/bin/orb"));
        return places.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** An engine of the same {@code orb} and progress listener for another VM. */
    public OrbStackEngine forVm(MinoConfig.Vm other) {
        return other.equals(vm) ? this : new OrbStackEngine(other, orb.executable(), progress);
    }

    /**
     * Checks that {@code vm} can be an OrbStack VM, as the constructor does, without an engine.
     *
     * @throws MinoException naming the bad value, with a hint
     */
    public static void validate(MinoConfig.Vm vm) {
        new OrbStackEngine(vm, Path.of("orb"), message -> { });
    }

    /** The {@code orb} command this engine runs. */
    public Path orbExecutable() {
        return orb.executable();
    }

    /** The VM this engine uses. */
    public MinoConfig.Vm vm() {
        return vm;
    }

    /**
     * Makes the VM ready for Podman and returns the address that reaches it. Each step is reported
     * to the progress listener before it runs; steps that find everything in order change nothing.
     *
     * @throws MinoException naming the step that failed, with a hint
     */
    public EngineAddress.Stdio ensureReady() {
        checkInstalled();
        ensureOrbStackRunning();
        ensureVmExists();
        ensureVmRunning();
        ensurePodman();
        String user = ensureRootless();
        EngineAddress.Stdio address = address(user);
        enableSocket(address);
        progress.accept("Podman in OrbStack VM '" + vm.name() + "' is ready (user " + user + ")");
        return address;
    }

    /** The address of Podman in the VM for {@code user}, as {@link #ensureReady()} returns it. */
    public EngineAddress.Stdio address(String user) {
        return new EngineAddress.Stdio(List.of(orb.executable().toString(), "-m", vm.name(), "-u", user, "podman",
            "system", "dial-stdio"), new EngineAddress.OrbStackVm(vm.name()).uri());
    }

    private void checkInstalled() {
        progress.accept("Checking OrbStack");
        Orb.Result version;
        try {
            version = orb.run(QUICK, "version");
        } catch (IOException e) {
            throw new MinoException("OrbStack is not installed: cannot run '" + orb.executable() + "' ("
                + e.getMessage() + ")", INSTALL_HINT, e);
        }
        if (!version.succeeded()) {
            throw new MinoException("OrbStack is not installed: 'orb version' failed: " + version.explanation(),
                INSTALL_HINT);
        }
    }

    private void ensureOrbStackRunning() {
        Orb.Result status = run(QUICK, "status");
        if (status.succeeded() || status.stdout().strip().equalsIgnoreCase("running")) {
            return;
        }
        progress.accept("Starting OrbStack");
        Orb.Result start = run(SLOW, "start");
        if (!start.succeeded()) {
            throw new MinoException("VM failed to start: Failed to start OrbStack: " + start.explanation(),
                "Start OrbStack from Applications, or run: orb start");
        }
    }

    private void ensureVmExists() {
        progress.accept("Checking OrbStack VM '" + vm.name() + "'");
        if (vmExists()) {
            return;
        }
        progress.accept("Creating OrbStack VM '" + vm.name() + "' (" + vm.distro() + ")");
        Orb.Result create = run(SLOW, "create", vm.distro(), vm.name());
        // Another process may have created it meanwhile; what counts is that it exists now.
        if (!create.succeeded() && !vmExists()) {
            throw new MinoException("VM failed to start: Failed to create VM: " + create.explanation(),
                "Try: orb delete " + vm.name() + " && mino setup");
        }
    }

    private boolean vmExists() {
        Orb.Result list = run(QUICK, "list", "-q");
        if (!list.succeeded()) {
            throw new MinoException("cannot list OrbStack VMs: 'orb list -q' failed: " + list.explanation(),
                "check OrbStack with: orb status");
        }
        return list.stdout().lines().map(String::strip).anyMatch(vm.name()::equals);
    }

    private void ensureVmRunning() {
        if (vmState().equals("running")) {
            return;
        }
        progress.accept("Starting OrbStack VM '" + vm.name() + "'");
        Orb.Result start = run(SLOW, "start", vm.name());
        if (!start.succeeded()) {
            throw new MinoException("VM failed to start: Failed to start VM: " + vm.name() + ": "
                + start.explanation(), "Run: orb start " + vm.name() + " and look at its state with: orb list");
        }
    }

    /** The state OrbStack reports for the VM ({@code running}, {@code stopped}...), or {@code unknown}. */
    private String vmState() {
        Orb.Result list = run(QUICK, "list", "-f", "{{.Name}}\t{{.State}}");
        if (!list.succeeded()) {
            return "unknown";
        }
        return list.stdout().lines()
            .map(line -> line.split("\t", 2))
            .filter(fields -> fields.length == 2 && fields[0].strip().equals(vm.name()))
            .map(fields -> fields[1].strip())
            .findFirst().orElse("unknown");
    }

    private void ensurePodman() {
        progress.accept("Checking Podman in OrbStack VM '" + vm.name() + "'");
        if (inVm(QUICK, "which", "podman").succeeded()) {
            return;
        }
        progress.accept("Installing Podman in OrbStack VM '" + vm.name() + "'");
        Orb.Result install = inVm(SLOW, "sudo", "dnf", "install", "-y", "podman");
        if (!install.succeeded()) {
            // Not a dnf distribution: the package lists of a fresh Debian or Ubuntu VM are empty.
            inVm(SLOW, "sudo", "apt-get", "update");
            install = inVm(SLOW, "sudo", "apt-get", "install", "-y", "podman");
        }
        if (!install.succeeded() || !inVm(QUICK, "which", "podman").succeeded()) {
            throw new MinoException("Podman not available in OrbStack VM. Run: orb -m " + vm.name()
                + " sudo dnf install -y podman (installing it failed: " + install.explanation() + ")",
                "Run: orb -m " + vm.name() + " sudo dnf install -y podman");
        }
    }

    /** Makes sure the VM's default user can run rootless Podman, and returns that user. */
    private String ensureRootless() {
        progress.accept("Checking rootless Podman in OrbStack VM '" + vm.name() + "'");
        Orb.Result whoami = inVm(QUICK, "whoami");
        if (!whoami.succeeded()) {
            throw rootless("could not determine VM username: " + whoami.explanation());
        }
        String user = whoami.stdout().strip();
        if (!USER.matcher(user).matches()) {
            throw rootless("invalid VM username: '" + user + "'");
        }
        boolean added = false;
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            if (inVm(QUICK, "grep", "-q", "^" + user + ":", file).succeeded()) {
                continue;
            }
            progress.accept("Adding " + user + " to " + file + " in OrbStack VM '" + vm.name() + "'");
            Orb.Result append = inVm(QUICK, "sh", "-c", "echo '" + user + ":100000:65536' | sudo tee -a " + file);
            if (!append.succeeded()) {
                throw rootless("failed to configure " + file + ": " + append.explanation());
            }
            added = true;
        }
        if (added) {
            progress.accept("Migrating Podman to rootless mode in OrbStack VM '" + vm.name() + "'");
            Orb.Result migrate = inVm(SLOW, "podman", "system", "migrate");
            if (!migrate.succeeded()) {
                throw rootless("podman system migrate failed: " + migrate.explanation());
            }
        }
        return user;
    }

    private static MinoException rootless(String reason) {
        return new MinoException("Podman rootless setup incomplete: " + reason, SETUP_HINT);
    }

    /**
     * Enables the user's socket-activated Podman service. Where systemd's user instance is not
     * usable the command fails although Podman may well answer (a service started by hand), so
     * the failure only counts when Podman does not answer through the VM either.
     */
    private void enableSocket(EngineAddress.Stdio address) {
        progress.accept("Enabling Podman's socket in OrbStack VM '" + vm.name() + "'");
        Orb.Result enable = inVm(QUICK, "systemctl", "--user", "enable", "--now", "podman.socket");
        if (enable.succeeded()) {
            return;
        }
        try (PodmanClient client = PodmanClient.create(address, PING_TIMEOUT)) {
            client.ping();
        } catch (MinoException e) {
            throw new MinoException("Podman's socket in OrbStack VM '" + vm.name() + "' could not be enabled: "
                + enable.explanation() + "; and Podman does not answer: " + e.getMessage(),
                "Run: orb -m " + vm.name() + " systemctl --user enable --now podman.socket", e);
        }
    }

    private Orb.Result inVm(Duration timeout, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-m";
        all[1] = vm.name();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(timeout, all);
    }

    private Orb.Result run(Duration timeout, String... args) {
        try {
            return orb.run(timeout, args);
        } catch (IOException e) {
            throw new MinoException("Command failed: " + orb.executable() + " " + String.join(" ", args) + ": "
                + e.getMessage(), "check that OrbStack is installed: orb version", e);
        }
    }
}
