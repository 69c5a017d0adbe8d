package dev.mino.cli.setup;

import dev.mino.cli.HostCommand;
import dev.mino.cli.MinoCommand;
import dev.mino.cli.VersionProvider;
import dev.mino.cli.commands.StatusCommand;
import dev.mino.cli.images.LocalImage;
import dev.mino.cli.prompts.Confirmation;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.ProgressListener;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.MinoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mino setup}: everything {@code run} needs on Linux (SPEC 12.2), in order: Podman and its
 * helpers, subordinate ids, the Podman service, the default image, and mino's own firewall image
 * (for allowlists). {@code --check} only reports; {@code -y} fixes without asking; otherwise each
 * fix is asked for at the terminal (and declined where nobody is there). What only root can do is
 * done when mino runs as root, and otherwise printed as a {@code sudo} command. Once everything
 * holds, a run takes a second. {@code --check} exits 0 whatever it finds; otherwise setup exits 1
 * when something is still missing (unlike upstream's always 0), so that a script sees it.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Interactive setup wizard - install prerequisites")
public final class SetupCommand implements Callable<Integer> {

    @ParentCommand
    MinoCommand root;

    /** Where step durations are read from (System::nanoTime; tests step it by hand). */
    LongSupplier clock = System::nanoTime;

    @Option(names = {"-y", "--yes"}, description = "Fix what is missing without asking.")
    boolean yes;

    @Option(names = "--check", description = "Only report what is missing; change nothing.")
    boolean check;

    /** The root-only half of the local image, for users: {@code sudo mino setup --rootfs-only}. */
    @Option(names = "--rootfs-only", hidden = true)
    boolean rootfsOnly;

    @Override
    public Integer call() {
        if (!"Linux".equals(StatusCommand.platform())) {
            throw new MinoException("mino setup supports Linux only so far",
                "on macOS, install OrbStack and Podman in its VM by hand for now");
        }
        Io io = root.io();
        HostFacts host = HostFacts.probe(io.env());
        if (rootfsOnly) {
            return rootfsOnly(io, host);
        }
        Renderer out = io.outRenderer();
        out.intro(check ? "Mino Setup (check only)" : "Mino Setup");
        out.section("Checking prerequisites...");
        List<SetupTask> tasks = List.of(
            new PackagesTask(host, io.err()),
            new SubordinateIdsTask(host),
            new PodmanServiceTask(host),
            new DefaultImageTask(host, root.loadConfig(), root.configOptions().globalConfigFile(),
                LocalImage.CACHE_DIRECTORY, Path.of("/etc/apt"), launcher(), io.err()),
            new FirewallImageTask(host, root.configOptions().stateDirectory(), new ProgressListener(io, 0), launcher(),
                image -> DefaultImageTask.imageExists(host, image)));
        int issues = run(tasks, io, out);
        if (issues == 0) {
            out.outroOk("Setup complete! Run 'mino run -- <command>' to start.");
        } else if (check) {
            out.outroWarn(issues + " issue(s) found. Run 'mino setup -y' to fix them.");
        } else {
            out.outroWarn("Setup incomplete - see above for details.");
        }
        return issues == 0 || check ? 0 : 1;
    }

    /**
     * Checks, and fixes where allowed, each task in order; returns how many do not hold. Each
     * step's line ends with how long it took (its check, and its fix if there was one).
     */
    int run(List<SetupTask> tasks, Io io, Renderer out) {
        int issues = 0;
        SetupTask failed = null;
        for (SetupTask task : tasks) {
            if (failed != null) {
                out.blocked(task.name(), failed.name());
                issues++;
                continue;
            }
            long start = clock.getAsLong();
            SetupTask.Check found = task.check();
            if (found.ok()) {
                out.ok(task.name() + " (" + found.detail() + ")" + took(start));
                continue;
            }
            if (check || !found.canFix()) {
                out.fail(task.name() + ": " + found.detail() + took(start));
                showCommands(found.manual(), out);
            } else {
                out.warn(task.name() + ": " + found.detail());
                if (approved(io, out, found.question())) {
                    start = clock.getAsLong();
                    if (task.fix(found, out)) {
                        out.ok(task.name() + " (" + task.check().detail() + ")" + took(start));
                        continue;
                    }
                    out.fail(task.name() + ": not fixed" + took(start));
                }
                if (!yes) {
                    showCommands(found.manual(), out);
                }
            }
            issues++;
            failed = task;
        }
        return issues;
    }

    /** Commands for the user to run, each after a {@code $}; a line that starts with {@code #} is a comment between them. */
    static void showCommands(List<String> commands, Renderer out) {
        commands.forEach(c -> out.remark(c.startsWith("#") ? c : "$ " + c));
    }

    /** " (0.4 s)": the time since {@code start}, as each step's line ends. */
    private String took(long start) {
        return " (" + seconds(Duration.ofNanos(clock.getAsLong() - start)) + ")";
    }

    /** "0.4 s", "12.0 s", "2 min 5 s". */
    static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long total = Math.round(millis / 1000.0);
        return (total / 60) + " min " + (total % 60) + " s";
    }

    /** With -y the answer is yes, and says so; else the user is asked, and nobody at a terminal means no. */
    private boolean approved(Io io, Renderer out, String question) {
        if (yes) {
            out.remark(question + " (auto-approved)");
            return true;
        }
        return Confirmation.ask(io, question);
    }

    /** Builds the local image's root file system only, and prints where it is. */
    private int rootfsOnly(Io io, HostFacts host) {
        if (!host.root()) {
            throw new MinoException("--rootfs-only needs root", "run: sudo " + launcher() + " setup --rootfs-only");
        }
        if (!host.os().debianLike() || host.os().codename().isEmpty()) {
            throw new MinoException("the local image is made from Debian or Ubuntu packages; this is "
                + host.os().prettyName(), "pull or build an image and set container.image");
        }
        Path tarball = LocalImage.tarball(LocalImage.CACHE_DIRECTORY, host.os().codename());
        if (!Files.isRegularFile(tarball)) {
            Optional<String> mirror = AptSources.mirror(Path.of("/etc/apt"), host.os().codename());
            Optional<Path> debootstrap = HostCommand.find(java.util.Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                "debootstrap");
            if (mirror.isEmpty() || debootstrap.isEmpty()) {
                throw new MinoException(mirror.isEmpty() ? "no apt mirror for " + host.os().codename() + " in /etc/apt"
                    : "debootstrap is not installed", "install debootstrap; apt needs a deb source for the release");
            }
            if (!LocalImage.buildTarball(debootstrap.get(), host.os().codename(), mirror.get(), tarball, io.env(),
                io.errRenderer())) {
                throw new MinoException("the root file system could not be built", "see the messages above");
            }
        }
        io.stdout().println(tarball);
        return 0;
    }

    /** How the user starts mino: the ./mino launcher passes its own path. */
    public static String launcher() {
        return System.getProperty("mino.launcher", "mino");
    }
}
