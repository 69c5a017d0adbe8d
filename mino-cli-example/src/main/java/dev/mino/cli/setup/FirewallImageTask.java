package dev.mino.cli.setup;

import dev.mino.cli.CliTexts;
import dev.mino.cli.images.LocalImage;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.FirewallImage;
import dev.mino.core.MinoException;
import dev.mino.core.SandboxListener;
import dev.mino.core.config.MinoConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Mino's own firewall image, which every allowlisted run needs: built on the engine from the
 * local image setup made ({@link LocalImage#NAME}, Debian or Ubuntu packages) or else from mino's
 * default image ({@link MinoConfig#DEFAULT_IMAGE}, Fedora), whichever is present, and pinned by
 * id in the state directory. Never from an image a configuration names: a project must not
 * choose what enforces its own allowlist.
 */
public final class FirewallImageTask implements SetupTask {
    /** The images it can be built from, in the order they are tried. */
    static final List<String> BASES = List.of(LocalImage.NAME, MinoConfig.DEFAULT_IMAGE);

    private final HostFacts host;
    private final Path stateDirectory;
    private final SandboxListener listener;
    private final String launcher;
    private final Predicate<String> imageExists;

    /**
     * @param host the host
     * @param stateDirectory where the pin is kept (the one {@code run} reads)
     * @param listener where the build's steps go
     * @param launcher how the user starts mino, for the commands it prints
     * @param imageExists whether the engine has an image
     */
    FirewallImageTask(HostFacts host, Path stateDirectory, SandboxListener listener, String launcher,
                      Predicate<String> imageExists) {
        this.host = host;
        this.stateDirectory = stateDirectory;
        this.listener = listener;
        this.launcher = launcher;
        this.imageExists = imageExists;
    }

    @Override
    public String name() {
        return "Firewall image";
    }

    @Override
    public Check check() {
        Optional<FirewallImage.Pinned> pinned;
        try {
            pinned = image().pinned();
        } catch (MinoException e) {
            String hint = CliTexts.hint(e);
            return Check.manual(e.getMessage() + (hint.isEmpty() ? "" : " (" + hint + ")"), List.of());
        }
        if (pinned.isPresent()) {
            return Check.ok(describe(pinned.get()) + ", for allowlists");
        }
        Optional<String> base = base();
        String detail = FirewallImage.REFERENCE + " (for allowlists) is not built";
        if (base.isEmpty()) {
            return Check.manual(detail + ", and there is no image to build it from: neither " + String.join(" nor ",
                BASES) + " is present", List.of("podman pull " + MinoConfig.DEFAULT_IMAGE, launcher + " setup -y"));
        }
        return Check.fixable(detail, "Build mino's firewall image from " + base.get() + " (nftables and python3 from "
            + "its distribution's packages)?", List.of(launcher + " setup -y"));
    }

    @Override
    public boolean fix(Check found, Renderer out) {
        Optional<String> base = base();
        if (base.isEmpty()) {
            out.fail("No image to build the firewall image from", "pull " + MinoConfig.DEFAULT_IMAGE);
            return false;
        }
        try {
            FirewallImage.Pinned pinned = image().listener(listener).ensure(base.get());
            out.info("Pinned " + describe(pinned) + ", built from " + base.get());
            return true;
        } catch (MinoException e) {
            out.fail(e.getMessage(), CliTexts.hint(e));
            return false;
        }
    }

    /** The first of {@link #BASES} the engine has. */
    private Optional<String> base() {
        return BASES.stream().filter(imageExists).findFirst();
    }

    private FirewallImage image() {
        return FirewallImage.at(stateDirectory).engine(host.engineUri());
    }

    /** The image as {@code status} and {@code setup} show it: reference and short id. */
    public static String describe(FirewallImage.Pinned pinned) {
        return pinned.reference() + " (" + pinned.shortId() + ")";
    }
}
