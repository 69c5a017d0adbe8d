package dev.mino.cli.images;

import dev.mino.cli.HostCommand;
import dev.mino.cli.terminal.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code localhost/mino-local:latest}: a default image for machines that reach no container
 * registry, made from the distribution's own packages. debootstrap installs a minimal system
 * ({@code --variant=minbase}) of the host's own release from the host's own apt mirror, a
 * {@code developer} user (uid 1000) is added, as mino's images have one, and the result is
 * imported into Podman. The root file system is kept as a tarball under {@code /var/cache/mino},
 * so the minute debootstrap takes is spent once per machine.
 */
public final class LocalImage {
    /** The image's name. */
    public static final String NAME = "localhost/mino-local:latest";
    /** Bump when the recipe below changes: the tarball's name carries it, so a new one is made. */
    public static final int RECIPE = 1;
    /** Where root file systems are kept. */
    public static final Path CACHE_DIRECTORY = Path.of("/var/cache/mino");

    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);

    private LocalImage() {
    }

    /** The cached root file system of {@code codename}. */
    public static Path tarball(Path cacheDirectory, String codename) {
        return cacheDirectory.resolve("mino-local-" + codename + "-r" + RECIPE + ".tar");
    }

    /**
     * Makes the root file system tarball; needs root (debootstrap creates device nodes and files
     * of many owners).
     *
     * @return true when {@code tarball} exists afterwards
     */
    public static boolean buildTarball(Path debootstrap, String codename, String mirror, Path tarball,
                                Map<String, String> env, Renderer out) {
        Path work;
        try {
            Files.createDirectories(tarball.getParent());
            work = Files.createTempDirectory(tarball.getParent(), "build-");
        } catch (IOException e) {
            out.fail("Cannot create a build folder in " + tarball.getParent(), e.getMessage());
            return false;
        }
        try {
            Path rootfs = work.resolve("rootfs");
            out.info("debootstrap --variant=minbase " + codename + " from " + mirror + " (about a minute)");
            Optional<HostCommand.Result> bootstrap = HostCommand.run(List.of(debootstrap.toString(),
                "--variant=minbase", codename, rootfs.toString(), mirror), env, DEBOOTSTRAP_TIMEOUT);
            if (bootstrap.isEmpty() || !bootstrap.get().ok()) {
                out.fail("debootstrap failed", bootstrap.map(HostCommand.Result::reason).orElse("could not be started"));
                tail(bootstrap.map(r -> r.stdout() + r.stderr()).orElse(""), 15).forEach(out::remark);
                return false;
            }
            addDeveloper(rootfs);
            clean(rootfs);
            Path partial = work.resolve("image.tar");
            Optional<HostCommand.Result> tar = HostCommand.run(List.of("tar", "--numeric-owner", "-C",
                rootfs.toString(), "-cf", partial.toString(), "."), env, DEBOOTSTRAP_TIMEOUT);
            if (tar.isEmpty() || !tar.get().ok()) {
                out.fail("tar failed", tar.map(HostCommand.Result::reason).orElse("could not be started"));
                return false;
            }
            // Readable by everyone: a user's rootless Podman imports it too.
            partial.toFile().setReadable(true, false);
            Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            out.fail("Building the root file system failed", e.getMessage());
            return false;
        } finally {
            HostCommand.run(List.of("rm", "-rf", work.toString()), env, Duration.ofMinutes(5));
        }
    }

    /**
     * The account mino's images have (uid 1000), next to the distribution's own. The image keeps
     * root as its default user, as the base of a rootless Podman maps it to the user anyway.
     */
    public static void addDeveloper(Path rootfs) throws IOException {
        Path etc = rootfs.resolve("etc");
        appendUnless(etc.resolve("passwd"), "developer:", "developer:x:1000:1000:developer:/home/developer:/bin/bash");
        appendUnless(etc.resolve("group"), "developer:", "developer:x:1000:");
        appendUnless(etc.resolve("shadow"), "developer:", "developer:*:19000:0:99999:7:::");
        Path home = Files.createDirectories(rootfs.resolve("home").resolve("developer"));
        Files.setAttribute(home, "unix:uid", 1000);
        Files.setAttribute(home, "unix:gid", 1000);
    }

    private static void appendUnless(Path file, String prefix, String line) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Drops downloaded packages and lists (dead weight) and /dev, which Podman provides. */
    public static void clean(Path rootfs) throws IOException {
        emptyFolder(rootfs.resolve("var/cache/apt/archives"), p -> p.getFileName().toString().endsWith(".deb"));
        emptyFolder(rootfs.resolve("var/lib/apt/lists"), p -> true);
        emptyFolder(rootfs.resolve("dev"), p -> true);
    }

    private static void emptyFolder(Path folder, java.util.function.Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.filter(which).toList()) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /** The last {@code count} lines of {@code text}. */
    public static List<String> tail(String text, int count) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    /** Imports {@code tarball} as {@link #NAME} into the Podman service at {@code engineUri}, with a shell as its command. */
    public static Optional<HostCommand.Result> importInto(Path podman, String engineUri, Path tarball, Map<String, String> env) {
        return HostCommand.run(List.of(podman.toString(), "--remote", "--url", engineUri, "import", "--quiet",
            "--change", "CMD [\"/bin/bash\"]", "--change", "LABEL dev.mino.local-image-recipe=" + RECIPE,
            tarball.toString(), NAME), env, IMPORT_TIMEOUT);
    }
}
