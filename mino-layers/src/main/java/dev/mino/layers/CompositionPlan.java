package dev.mino.layers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How resolved layers turn into the image a sandbox runs and the environment it gets.
 *
 * <p>Pure: it reads only the layers it is given. A composed image is needed only when a layer
 * has an install script or root packages; layers that only install into the user's home are
 * handled by {@code mino-bootstrap} on the base image at container start, through
 * {@link #runtimeEnv()}. A composed image is named by {@link #tag()}, a hash of everything that
 * goes into it, so an image with that tag can be reused instead of built again.
 *
 * <p>The base image is a parameter so that air-gapped users and tests can compose on a local
 * image. Such an image may not use dnf; {@link Builder#rootInstallCommand(String)} replaces the
 * command that installs {@code [root_install]} packages.
 *
 * <p>Instances are immutable and safe to share.
 */
public final class CompositionPlan {

    /** The image layers compose on unless told otherwise: mino's published base image. */
    public static final String DEFAULT_BASE_IMAGE = "ghcr.io/dean0x/mino-base:latest";

    /** Where {@link #rootInstallCommand()} takes the space-separated package names. */
    public static final String PACKAGES_PLACEHOLDER = "{packages}";

    /** The default root install command: dnf, as on mino's Fedora base image. */
    public static final String DNF_INSTALL =
            "dnf install -y --setopt=install_weak_deps=False " + PACKAGES_PLACEHOLDER + " && dnf clean all";

    /** The Containerfile's name in the build context. */
    public static final String CONTAINERFILE = "Containerfile";

    /** What every composed image tag starts with, followed by 12 hex digits. */
    public static final String TAG_PREFIX = CompositionTag.PREFIX;

    /** Runtime env variable with the {@code [user_install]} of each layer, as compact JSON. */
    public static final String MANIFEST_ENV = "MINO_LAYER_MANIFEST";

    /** Runtime env variable with the PATH directories, joined by {@code ':'}. */
    public static final String PATH_PREPEND_ENV = "MINO_PATH_PREPEND";

    /**
     * The command a composed image runs by default ({@code CMD}); its entrypoint is the base
     * image's, which the Containerfile leaves alone.
     */
    public static final List<String> COMMAND = List.of("/bin/zsh");

    private final List<Layer> layers;
    private final String baseImage;
    private final String baseImageId;
    private final String rootInstallCommand;
    private final boolean composeNeeded;
    private final String tag;
    private final Map<String, String> mergedEnv;
    private final List<String> pathPrepend;
    private final Map<String, String> buildEnv;
    private final String containerfile;
    private final Map<String, String> scripts;
    private final Map<String, String> runtimeEnv;

    private CompositionPlan(Builder builder) {
        this.layers = List.copyOf(builder.layers);
        this.baseImage = builder.baseImage;
        this.baseImageId = builder.baseImageId;
        this.rootInstallCommand = builder.rootInstallCommand;
        this.composeNeeded = layers.stream().anyMatch(Layer::needsBuild);
        this.scripts = scripts(layers);
        this.tag = CompositionTag.of(baseImage, baseImageId, rootInstallCommand, layers);
        this.mergedEnv = mergedEnv(layers);
        this.pathPrepend = pathPrepend(layers);
        this.buildEnv = buildEnv(mergedEnv, pathPrepend);
        // Built from exactly the image the tag was computed for, even if the name moves meanwhile.
        this.containerfile = ContainerfileText.of(baseImageId != null ? baseImageId : baseImage, rootInstallCommand,
            layers, buildEnv);
        this.runtimeEnv = runtimeEnv(layers, composeNeeded, mergedEnv, pathPrepend);
    }

    /**
     * Plans the given layers on {@link #DEFAULT_BASE_IMAGE} with {@link #DNF_INSTALL}.
     *
     * @param layers resolved layers, in the order to install them
     * @return the plan
     * @throws LayerException if two layers share a name but have different install scripts
     */
    public static CompositionPlan of(List<Layer> layers) {
        return builder().layers(layers).build();
    }

    /**
     * Starts a plan with the default base image and root install command.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the layers in install order.
     *
     * @return the layers
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Returns the image the layers compose on.
     *
     * @return the base image reference
     */
    public String baseImage() {
        return baseImage;
    }

    /**
     * Returns the id of the base image this plan is pinned to, when it was given: it is part of
     * {@link #tag()}, so a base image rebuilt or pulled again under the same name gets a new
     * composed image, and the build starts from exactly that image.
     *
     * @return the id, 64 hex digits, or empty when the plan names the base image only
     */
    public Optional<String> baseImageId() {
        return Optional.ofNullable(baseImageId);
    }

    /**
     * Returns this plan pinned to the base image with the given id, as the engine has it now.
     *
     * @param id the base image's id, 64 hex digits, with or without {@code sha256:}
     * @return the pinned plan, same layers and base image name
     * @throws LayerException if the id is not 64 hex digits
     */
    public CompositionPlan withBaseImageId(String id) {
        Builder builder = builder().layers(layers).baseImage(baseImage).rootInstallCommand(rootInstallCommand);
        return builder.baseImageId(id).build();
    }

    /**
     * Tells whether a layer of the project ({@link LayerSource#PROJECT}) is part of this plan:
     * its content is writable by the project's sandboxes, so building it runs their code.
     *
     * @return {@code true} if any layer comes from the project
     */
    public boolean hasProjectLayers() {
        return layers.stream().anyMatch(layer -> layer.source() == LayerSource.PROJECT);
    }

    /**
     * Returns the command that installs root packages, with {@link #PACKAGES_PLACEHOLDER} where
     * the packages go.
     *
     * @return the command template
     */
    public String rootInstallCommand() {
        return rootInstallCommand;
    }

    /**
     * Tells whether an image must be composed: some layer has an install script or root
     * packages.
     *
     * @return {@code true} if {@link #image()} is the composed tag
     */
    public boolean composeNeeded() {
        return composeNeeded;
    }

    /**
     * Returns the composed image's tag, {@code mino-composed-} and 12 hex digits. It changes
     * whenever the base image, a layer's name, version, install script, root packages,
     * {@code [user_install]}, env or PATH directories change, and not when the layers are
     * given in another order. Computed even when no composition is needed.
     *
     * @return the tag
     */
    public String tag() {
        return tag;
    }

    /**
     * Returns the image to run: the composed tag if composition is needed, else the base image.
     *
     * @return the image reference
     */
    public String image() {
        return composeNeeded ? tag : baseImage;
    }

    /**
     * Returns the environment baked into a composed image with {@code ENV}: every layer's
     * variables (a later layer wins) and, when any layer has PATH directories,
     * {@code PATH=<dirs>:${PATH}}, which replaces any PATH a layer sets itself. Sorted by name.
     *
     * @return the variables
     */
    public Map<String, String> buildEnv() {
        return buildEnv;
    }

    /**
     * Returns the PATH directories of all layers, de-duplicated, in first-seen order.
     *
     * @return the directories
     */
    public List<String> pathPrepend() {
        return pathPrepend;
    }

    /**
     * Returns the Containerfile: {@code FROM} the base image, each layer's install script as
     * root, the root packages, then {@code USER developer}, the {@link #buildEnv()} as
     * {@code ENV} lines, {@code WORKDIR /workspace} and {@code CMD ["/bin/zsh"]}. Lines are
     * joined by a line feed with none at the end.
     *
     * @return the Containerfile text
     */
    public String containerfile() {
        return containerfile;
    }

    /**
     * Returns the build context: {@link #CONTAINERFILE} and an {@code install-<name>.sh} per
     * layer with a script, in install order. Each call returns fresh arrays.
     *
     * @return file name to content
     */
    public Map<String, byte[]> buildContext() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CONTAINERFILE, containerfile.getBytes(StandardCharsets.UTF_8));
        scripts.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    /**
     * Writes the build context as an uncompressed tar archive (ustar), as Podman's build
     * endpoint takes it. Scripts are mode 0755, the Containerfile 0644; owner and time are
     * fixed, so the same plan always writes the same bytes. The stream is flushed, not closed.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void writeBuildContextTar(OutputStream out) throws IOException {
        TarArchive.write(buildContext(), out);
    }

    /**
     * Returns the environment the container needs at run time. Without composition, every
     * layer's variables (a later layer wins), then {@code MINO_PATH_PREPEND} and
     * {@code MINO_LAYER_MANIFEST}; with composition the variables are baked into the image, so
     * only the last two, and {@code MINO_PATH_PREPEND} only if no layer sets it itself. Each of
     * the two is left out when it would be empty.
     *
     * @return the variables, in that order
     */
    public Map<String, String> runtimeEnv() {
        return runtimeEnv;
    }

    private static Map<String, String> runtimeEnv(List<Layer> layers, boolean composeNeeded,
            Map<String, String> mergedEnv, List<String> pathPrepend) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!composeNeeded) {
            env.putAll(mergedEnv);
        }
        if (!pathPrepend.isEmpty() && !(composeNeeded && mergedEnv.containsKey(PATH_PREPEND_ENV))) {
            env.put(PATH_PREPEND_ENV, String.join(":", pathPrepend));
        }
        ManifestJson.layerManifest(layers).ifPresent(json -> env.put(MANIFEST_ENV, json));
        return Collections.unmodifiableMap(env);
    }

    /**
     * Returns the {@code MINO_LAYER_MANIFEST} value: a compact JSON array with one object per
     * layer that installs something for the user, in install order, fields {@code name},
     * {@code runtime}, {@code runtime_version}, {@code npm_globals}, {@code cargo_tools},
     * {@code uv_tools}, unset and empty ones left out.
     *
     * @return the JSON, or empty when no layer installs anything for the user
     */
    public Optional<String> layerManifestJson() {
        return Optional.ofNullable(runtimeEnv.get(MANIFEST_ENV));
    }

    /** The build-context name of a layer's script; the Containerfile refers to it by this name. */
    static String scriptFileName(Layer layer) {
        return "install-" + layer.name() + ".sh";
    }

    private static Map<String, String> scripts(List<Layer> layers) {
        Map<String, String> scripts = new LinkedHashMap<>();
        Map<String, Layer> owners = new LinkedHashMap<>();
        for (Layer layer : layers) {
            if (layer.installScript().isEmpty()) {
                continue;
            }
            String file = scriptFileName(layer);
            String text = layer.installScript().get();
            String earlier = scripts.putIfAbsent(file, text);
            owners.putIfAbsent(file, layer);
            // Both would land in one file of the context, and one layer would silently run the
            // other's script.
            if (earlier != null && !earlier.equals(text)) {
                throw new LayerException("Layers " + owners.get(file).origin() + " and " + layer.origin()
                        + " are both named '" + layer.name() + "' but have different install scripts",
                        "Give each layer its own [layer] name");
            }
        }
        return Collections.unmodifiableMap(scripts);
    }

    private static Map<String, String> mergedEnv(List<Layer> layers) {
        Map<String, String> env = new LinkedHashMap<>();
        layers.forEach(layer -> env.putAll(layer.manifest().env().vars()));
        return Collections.unmodifiableMap(env);
    }

    private static List<String> pathPrepend(List<Layer> layers) {
        LinkedHashSet<String> dirs = new LinkedHashSet<>();
        layers.forEach(layer -> dirs.addAll(layer.manifest().env().pathPrepend()));
        return List.copyOf(dirs);
    }

    private static Map<String, String> buildEnv(Map<String, String> merged, List<String> dirs) {
        Map<String, String> env = new TreeMap<>(merged);
        if (!dirs.isEmpty()) {
            env.put("PATH", String.join(":", dirs) + ":${PATH}");
        }
        return Collections.unmodifiableMap(env);
    }

    /** Configures a {@link CompositionPlan}. */
    public static final class Builder {

        private List<Layer> layers = List.of();
        private String baseImage = DEFAULT_BASE_IMAGE;
        private String baseImageId;
        private String rootInstallCommand = DNF_INSTALL;

        private Builder() {
        }

        /**
         * Sets the layers, in the order to install them.
         *
         * @param layers resolved layers
         * @return this builder
         */
        public Builder layers(List<Layer> layers) {
            this.layers = List.copyOf(layers);
            return this;
        }

        /**
         * Sets the image to compose on, {@link #DEFAULT_BASE_IMAGE} by default.
         *
         * @param baseImage an image reference
         * @return this builder
         * @throws LayerException if the reference is blank or has whitespace
         */
        public Builder baseImage(String baseImage) {
            Objects.requireNonNull(baseImage, "baseImage");
            if (baseImage.isBlank() || baseImage.chars().anyMatch(Character::isWhitespace)) {
                throw new LayerException("Invalid base image '" + baseImage + "': must be a non-empty image reference "
                        + "without whitespace", "Use a reference such as " + DEFAULT_BASE_IMAGE);
            }
            this.baseImage = baseImage;
            return this;
        }

        /**
         * Pins the plan to the base image's id as the engine has it now; see
         * {@link CompositionPlan#baseImageId()}. Unset by default: the tag then hashes the name only.
         *
         * @param id 64 hex digits, with or without {@code sha256:}
         * @return this builder
         * @throws LayerException if the id is not 64 hex digits
         */
        public Builder baseImageId(String id) {
            Objects.requireNonNull(id, "id");
            String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new LayerException("Invalid base image id '" + id + "': must be 64 hex digits",
                        "Use the Id that 'podman image inspect' shows");
            }
            this.baseImageId = hex;
            return this;
        }

        /**
         * Sets the shell command that installs {@code [root_install]} packages on the base
         * image, {@link #DNF_INSTALL} by default. It must contain
         * {@link #PACKAGES_PLACEHOLDER}, which is replaced by the package names separated by
         * spaces; for a Debian base, for example,
         * {@code apt-get update && apt-get install -y {packages}}. A command other than the
         * default is part of {@link #tag()}.
         *
         * @param command the command template, one line
         * @return this builder
         * @throws LayerException if the placeholder is missing or the command has a line break
         */
        public Builder rootInstallCommand(String command) {
            Objects.requireNonNull(command, "command");
            if (!command.contains(PACKAGES_PLACEHOLDER) || command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
                throw new LayerException("Invalid root install command '" + command + "': must be one line containing "
                        + PACKAGES_PLACEHOLDER, "For example: " + DNF_INSTALL);
            }
            this.rootInstallCommand = command;
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         * @throws LayerException if two layers share a name but have different install scripts
         */
        public CompositionPlan build() {
            return new CompositionPlan(this);
        }
    }
}
