package dev.mino.layers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How mino's own firewall image is made: the image of the container that enforces a sandbox's
 * egress allowlist. It is a base image of the caller's choice (named by its id) with
 * {@code nft} (nftables) and {@code python3} added from the distribution's own packages, with
 * {@code apt-get} on Debian and Ubuntu or {@code dnf} on Fedora; a base that has both already
 * gets nothing installed, so the build then needs no network.
 *
 * <p>Pure: this class only writes the build context. The build's {@code RUN} step tells why it
 * failed on a line starting with {@link #MESSAGE_PREFIX}.
 *
 * <p>Instances are immutable and safe to share.
 */
public final class FirewallImageRecipe {

    /** Bump when the Containerfile below changes: images of an older recipe are built again. */
    public static final int RECIPE = 1;

    /** The tag the image gets; the recipe is part of it, so a new recipe does not move an old tag. */
    public static final String TAG = "localhost/mino-firewall:r" + RECIPE;

    /** What the lines the build itself writes start with, the reason of a failure among them. */
    public static final String MESSAGE_PREFIX = "mino-firewall-image: ";

    // The distribution's packages only: every binary comes from the base's own signed repositories.
    private static final String INSTALL = String.join("\n",
        "RUN if command -v nft >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then \\",
        "      echo '" + MESSAGE_PREFIX + "nft and python3 are present, nothing to install'; \\",
        "    elif command -v apt-get >/dev/null 2>&1; then \\",
        "      export DEBIAN_FRONTEND=noninteractive \\",
        "      && apt-get update \\",
        "      && apt-get install -y --no-install-recommends nftables python3-minimal \\",
        "      && apt-get clean && rm -rf /var/lib/apt/lists/*; \\",
        "    elif command -v dnf >/dev/null 2>&1; then \\",
        "      dnf install -y --setopt=install_weak_deps=False nftables python3 && dnf clean all; \\",
        "    else \\",
        "      echo '" + MESSAGE_PREFIX + "the base image has neither nft and python3 nor apt-get or dnf to install"
            + " them' >&2; exit 3; \\",
        "    fi \\",
        "    && if ! command -v nft >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then \\",
        "      echo '" + MESSAGE_PREFIX + "nft or python3 is still missing after the install' >&2; exit 4; \\",
        "    fi");

    private final String baseImageId;

    private FirewallImageRecipe(String baseImageId) {
        this.baseImageId = baseImageId;
    }

    /**
     * The recipe on the base image of id {@code baseImageId}: naming the base by id means that a
     * tag moved in the meantime does not change what the image is built from.
     *
     * @param baseImageId 64 hex digits, with or without {@code sha256:}
     * @throws IllegalArgumentException if it is not an image id
     */
    public static FirewallImageRecipe on(String baseImageId) {
        Objects.requireNonNull(baseImageId, "baseImageId");
        String id = baseImageId.startsWith("sha256:") ? baseImageId.substring("sha256:".length()) : baseImageId;
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not an image id (64 hex digits): " + baseImageId);
        }
        return new FirewallImageRecipe(id);
    }

    /** The base image's id, 64 hex digits without {@code sha256:}. */
    public String baseImageId() {
        return baseImageId;
    }

    /**
     * The Containerfile: {@code FROM} the base's id, as root, a fixed {@code PATH} (an imported
     * image may have none, and {@code nft} lives in {@code /usr/sbin}), and the one {@code RUN}
     * step that installs what is missing and checks that both tools are there.
     */
    public String containerfile() {
        return String.join("\n",
            "FROM " + baseImageId,
            "USER root",
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            INSTALL,
            "");
    }

    /**
     * Writes the build context, an uncompressed tar archive holding only the
     * {@link CompositionPlan#CONTAINERFILE}, as Podman's build endpoint takes it. The stream is
     * flushed, not closed.
     *
     * @throws IOException if writing fails
     */
    public void writeBuildContextTar(OutputStream out) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CompositionPlan.CONTAINERFILE, containerfile().getBytes(StandardCharsets.UTF_8));
        TarArchive.write(files, out);
    }
}
