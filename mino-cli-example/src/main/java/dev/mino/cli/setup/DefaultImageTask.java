package dev.mino.cli.setup;

import dev.mino.cli.HostCommand;
import dev.mino.cli.images.LocalImage;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.ConfigEdit;
import dev.mino.core.config.ConfigEditor;
import dev.mino.core.config.MinoConfig;
import dev.mino.layers.ImageAlias;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image {@code mino run} uses when given none: present in Podman, else pulled, else, where no
 * registry answers and the image is mino's own default, replaced by {@link LocalImage} (built
 * from the distribution's packages) and recorded as {@code container.image} in the global config.
 * An image the user chose is never replaced behind their back.
 */
final class DefaultImageTask implements SetupTask {

    private final HostFacts host;
    private MinoConfig config;
    private final Path globalConfig;
    private final Path cacheDirectory;
    private final Path aptDirectory;
    private final String launcher;
    private final OutputStream output;

    /**
     * @param host the host
     * @param config the effective configuration
     * @param globalConfig the global config file, where {@code container.image} is recorded
     * @param cacheDirectory where root file systems are kept
     * @param aptDirectory {@code /etc/apt}, where the mirror is found
     * @param launcher how the user starts mino, for the commands it prints
     * @param output where the output of pull and import goes (mino's stderr)
     */
    DefaultImageTask(HostFacts host, MinoConfig config, Path globalConfig, Path cacheDirectory, Path aptDirectory,
                     String launcher, OutputStream output) {
        this.host = host;
        this.config = config;
        this.globalConfig = globalConfig;
        this.cacheDirectory = cacheDirectory;
        this.aptDirectory = aptDirectory;
        this.launcher = launcher;
        this.output = output;
    }

    /**
     * The image {@code run} needs without options.
     *
     * @param image the reference
     * @param replaceable whether it is mino's own default, which {@link LocalImage} may stand in for
     * @param what how to name it in messages
     */
    record Target(String image, boolean replaceable, String what) {
    }

    /** What {@code run} would use: the base image for layers, else container.image with its alias resolved. */
    static Target target(MinoConfig config) {
        MinoConfig.Container c = config.container();
        if (!c.layers().isEmpty()) {
            return new Target(c.baseImage(), false, "base image of container.layers");
        }
        ImageAlias alias = ImageAlias.resolve(c.image(), c.baseImage());
        return switch (alias.kind()) {
            case LAYER -> new Target(c.baseImage(), false, "base image of layer " + alias.target());
            case BASE -> new Target(c.baseImage(), true, "base image");
            case IMAGE -> new Target(alias.target(), alias.target().equals(MinoConfig.DEFAULT_IMAGE)
                || alias.target().equals(LocalImage.NAME), "container.image");
        };
    }

    @Override
    public String name() {
        return "Default image";
    }

    @Override
    public Check check() {
        Target target = target(config);
        if (exists(target.image())) {
            return Check.ok(target.image() + ", " + target.what());
        }
        String detail = target.image() + " (" + target.what() + ") is not present";
        String local = "build " + LocalImage.NAME + " from " + host.os().prettyName() + " packages";
        if (target.image().equals(LocalImage.NAME)) {
            return Check.fixable(detail, capitalized(local) + "?", List.of(launcher + " setup -y"));
        }
        if (target.replaceable()) {
            return Check.fixable(detail, "Pull " + target.image() + ", and if no registry answers, " + local + "?",
                List.of(launcher + " setup -y"));
        }
        return Check.fixable(detail, "Pull " + target.image() + "?", List.of("podman pull " + target.image()));
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        Target target = target(config);
        Optional<Path> podman = HostCommand.find(host.env(), "podman");
        if (podman.isEmpty()) {
            out.fail("podman is not on the PATH");
            return false;
        }
        if (!target.image().equals(LocalImage.NAME)) {
            out.remark("$ podman pull " + target.image());
            ImagePull.Outcome pull = ImagePull.run(List.of(podman.get().toString(), "--remote", "--url",
                host.engineUri(), "pull", target.image()), host.env(), output);
            if (pull.pulled() && exists(target.image())) {
                return true;
            }
            if (!target.replaceable()) {
                out.fail("Pulling " + target.image() + " failed", pull.reason());
                return false;
            }
            out.info(fallback(target.image(), pull, exists(LocalImage.NAME)));
        }
        if (!exists(LocalImage.NAME) && !importLocalImage(podman.get(), out)) {
            return false;
        }
        ConfigEdit edit = new ConfigEditor().set(globalConfig, "container.image", LocalImage.NAME);
        // What run will use from now on, so that the check after this fix looks at it.
        config = config.withContainer(config.container().withImage(LocalImage.NAME));
        out.ok("container.image = \"" + LocalImage.NAME + "\"", (edit.changed() ? "recorded in " : "already in ")
            + edit.file());
        return true;
    }

    /**
     * How setup says that mino's default image could not be pulled and the local one stands in:
     * an expected turn on a machine that reaches no registry, not Podman's raw error.
     */
    static String fallback(String image, ImagePull.Outcome pull, boolean localPresent) {
        String instead = localPresent ? "using " + LocalImage.NAME + ", which is present, instead"
            : "building " + LocalImage.NAME + " locally instead";
        if (pull.unreachable()) {
            String host = ImagePull.host(pull.reason());
            return "Fallback: no registry answered" + (host.isEmpty() ? "" : " (" + host + ")") + " for " + image
                + "; " + instead;
        }
        return "Fallback: " + image + " could not be pulled (" + pull.reason() + "); " + instead;
    }

    /** Imports the cached root file system, building it first when missing (root only). */
    private boolean importLocalImage(Path podman, Renderer out) {
        if (!host.os().debianLike() || host.os().codename().isEmpty()) {
            out.fail("Cannot build " + LocalImage.NAME + " on " + host.os().prettyName(),
                "it is made with debootstrap from a Debian or Ubuntu release; pull or build an image and set "
                    + "container.image");
            return false;
        }
        Path tarball = LocalImage.tarball(cacheDirectory, host.os().codename());
        if (!Files.isRegularFile(tarball)) {
            if (!host.root()) {
                out.fail("Building the root file system of " + LocalImage.NAME + " needs root");
                out.remark("$ sudo " + launcher + " setup --rootfs-only");
                out.remark("then run '" + launcher + " setup -y' again");
                return false;
            }
            Optional<String> mirror = AptSources.mirror(aptDirectory, host.os().codename());
            if (mirror.isEmpty()) {
                out.fail("No apt mirror for '" + host.os().codename() + "' in " + aptDirectory,
                    "add a deb source for the release, as apt itself needs one");
                return false;
            }
            Optional<Path> debootstrap = debootstrap(out);
            if (debootstrap.isEmpty() || !LocalImage.buildTarball(debootstrap.get(), host.os().codename(),
                mirror.get(), tarball, host.env(), out)) {
                return false;
            }
        }
        out.remark("$ podman import " + tarball + " " + LocalImage.NAME);
        Optional<HostCommand.Result> imported = LocalImage.importInto(podman, host.engineUri(), tarball, host.env());
        if (imported.isEmpty() || !imported.get().ok()) {
            out.fail("Importing " + tarball + " failed", imported.map(HostCommand.Result::reason)
                .orElse("podman could not be started"));
            return false;
        }
        return true;
    }

    /** debootstrap, installed with apt first when missing (this runs as root). */
    private Optional<Path> debootstrap(Renderer out) {
        Optional<Path> found = findDebootstrap();
        if (found.isPresent()) {
            return found;
        }
        out.remark("$ apt-get install -y debootstrap");
        java.util.Map<String, String> env = new java.util.HashMap<>(host.env());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        if (HostCommand.runShown(List.of("apt-get", "install", "-y", "debootstrap"), env, output) != 0) {
            out.fail("debootstrap could not be installed");
            return Optional.empty();
        }
        return findDebootstrap();
    }

    /** debootstrap lives in /usr/sbin, which a user's PATH often lacks. */
    private Optional<Path> findDebootstrap() {
        List<String> dirs = new ArrayList<>(List.of(host.env().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        return HostCommand.find(java.util.Map.of("PATH", String.join(":", dirs)), "debootstrap");
    }

    private boolean exists(String image) {
        return imageExists(host, image);
    }

    /** Whether the engine setup works on ({@link HostFacts#engineUri()}) has {@code image}. */
    static boolean imageExists(HostFacts host, String image) {
        return HostCommand.find(host.env(), "podman")
            .flatMap(p -> HostCommand.run(List.of(p.toString(), "--remote", "--url", host.engineUri(), "image",
                "exists", image), host.env(), Duration.ofSeconds(30)))
            .map(HostCommand.Result::ok)
            .orElse(false);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
