package dev.mino.layers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds layers by name: project-local {@code <project>/.mino/layers/<name>/}, then the user's
 * {@code <config dir>/layers/<name>/}, then the built-in layers; the first place that has the
 * layer wins.
 *
 * <p>A project-local layer's {@code install.sh} runs as root while an image is built, and the
 * project folder is writable by the sandbox and by whoever shipped the repository. So
 * project-local layers are used only when the caller trusts them (their exact content, see
 * {@link Builder#projectLayers(ProjectLayers)}); otherwise they are skipped and the result carries
 * a warning. They are read through a {@link ProjectLayers} snapshot, never through a symbolic
 * link, and a project layer that has the name of a built-in layer or of one of the user's layers
 * is refused rather than used in its place. A directory layer exists when its {@code layer.toml}
 * does. Built-in aliases ({@code ts}, {@code py}, ...) apply to built-in layers only; directories
 * are looked up by the literal name.
 *
 * <p>Instances are immutable and safe to share.
 */
public final class LayerResolver {

    private final Path projectDir;
    private final boolean projectTrusted;
    private final ProjectLayers projectSnapshot;
    private final Path userConfigDir;

    private LayerResolver(Builder builder) {
        this.projectDir = builder.projectDir;
        this.projectTrusted = builder.projectTrusted;
        this.projectSnapshot = builder.projectSnapshot;
        this.userConfigDir = builder.userConfigDir;
    }

    /**
     * Starts a resolver. With nothing set it finds only built-in layers.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the directory holding the project's layers, {@code <project>/.mino/layers}.
     *
     * @return the directory, or empty when no project was given
     */
    public Optional<Path> projectLayersDir() {
        return Optional.ofNullable(projectDir).map(p -> p.resolve(".mino").resolve("layers"));
    }

    /**
     * Returns the directory holding the user's layers, {@code <config dir>/layers}.
     *
     * @return the directory, or empty when no config directory was given
     */
    public Optional<Path> userLayersDir() {
        return Optional.ofNullable(userConfigDir).map(p -> p.resolve("layers"));
    }

    /**
     * Resolves layer names in the order given; duplicates are kept.
     *
     * @param names layer names or built-in aliases
     * @return the layers and any warnings
     * @throws LayerException if a name is invalid or not found anywhere, or a layer found is
     *     broken (its {@code layer.toml} is unreadable or wrong, or it needs an
     *     {@code install.sh} that is missing)
     */
    public LayerResolution resolve(List<String> names) {
        List<Layer> layers = new ArrayList<>(names.size());
        Set<String> warnings = new LinkedHashSet<>();
        ProjectLayers project = names.isEmpty() ? null : projectLayers();
        for (String name : names) {
            layers.add(resolveOne(name, warnings, project));
        }
        return new LayerResolution(layers, new ArrayList<>(warnings));
    }

    /**
     * Resolves one layer name.
     *
     * @param name a layer name or built-in alias
     * @return the layer and any warnings
     * @throws LayerException as for {@link #resolve(List)}
     */
    public LayerResolution resolve(String name) {
        return resolve(List.of(name));
    }

    private Layer resolveOne(String name, Set<String> warnings, ProjectLayers project) {
        LayerName.requireValid(name);
        Optional<Path> projectCandidate = projectLayersDir().map(d -> d.resolve(name));
        Optional<Path> userCandidate = userLayersDir().map(d -> d.resolve(name));
        boolean userHas = userCandidate.isPresent() && hasManifest(userCandidate.get());
        boolean projectSkipped = false;
        if (project != null && project.hasLayer(name)) {
            refuseShadowing(name, projectCandidate.orElseThrow(), userHas ? userCandidate : Optional.empty());
            Layer layer = project.layer(name);
            refuseShadowing(layer);
            return layer;
        }
        if (project == null && projectCandidate.isPresent() && hasManifest(projectCandidate.get())) {
            projectSkipped = true;
            warnings.add("Skipping project-local layer " + projectCandidate.get()
                    + ": the project's layers are not trusted");
        }
        if (userHas) {
            return DirectoryLayer.load(userCandidate.get(), LayerSource.USER);
        }
        Optional<Layer> builtIn = BuiltInLayers.find(name);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        throw notFound(name, projectCandidate, projectSkipped, userCandidate);
    }

    /**
     * A project layer must not take the place of a layer of the same name: the user asked for
     * the one they know, and the project's install script would run as root in its stead
     * without anyone noticing. Renaming is cheap and makes the choice visible.
     */
    private static void refuseShadowing(String name, Path projectDir, Optional<Path> userDir) {
        Optional<Layer> builtIn = BuiltInLayers.find(name);
        if (builtIn.isPresent()) {
            throw new LayerException("Project layer " + projectDir + " has the name of the built-in layer '"
                    + builtIn.get().name() + "'; a project layer never replaces a built-in one",
                    "Rename the folder and its [layer] name (for example to 'project-" + name + "') and ask for "
                            + "that name, or remove the folder to use the built-in layer");
        }
        if (userDir.isPresent()) {
            throw new LayerException("Project layer " + projectDir + " has the name of your layer " + userDir.get()
                    + "; a project layer never replaces one of yours",
                    "Rename the project's layer folder and its [layer] name and ask for that name, or remove it");
        }
    }

    /** The [layer] name decides the script's name, bootstrap marker and labels: it may not be a built-in's either. */
    private static void refuseShadowing(Layer layer) {
        if (BuiltInLayers.find(layer.name()).isPresent() || !LayerName.isValid(layer.name())) {
            throw new LayerException("Project layer " + layer.origin() + " is called '" + layer.name()
                    + "' in its layer.toml, which is not a usable name or is the name of a built-in layer",
                    "Give [layer] name the layer folder's name");
        }
    }

    /** The project's layers if they may be used: the snapshot given, or one read now when trusted. */
    private ProjectLayers projectLayers() {
        if (projectSnapshot != null) {
            return projectSnapshot;
        }
        return projectTrusted && projectDir != null ? ProjectLayers.read(projectDir) : null;
    }

    private static LayerException notFound(String name, Optional<Path> project, boolean projectSkipped,
            Optional<Path> user) {
        List<String> searched = new ArrayList<>();
        project.ifPresent(p -> searched.add(projectSkipped ? p + " (skipped: the project's layers are not trusted)"
                : p.toString()));
        user.ifPresent(p -> searched.add(p.toString()));
        searched.add("built-in layers");
        String message = "Layer '" + name + "' not found. Searched: " + String.join(", ", searched);
        if (projectSkipped) {
            return new LayerException(message, "Trust the project's layers in .mino/layers/"
                    + user.map(p -> ", or copy the layer to " + p + "/").orElse(""));
        }
        String userHint = user.map(p -> " or " + p + "/").orElse("");
        return new LayerException(message, "Create a layer with layer.toml + install.sh in .mino/layers/" + name + "/"
                + userHint);
    }

    /**
     * Lists the layers a user can pick from: the project's (when trusted), the user's, then the
     * built-ins, each name once. Directories are scanned in name order; a directory whose
     * {@code layer.toml} cannot be read or parsed is left out with a warning.
     *
     * @return the entries and warnings
     */
    public LayerListing list() {
        Map<String, LayerSummary> byName = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Optional<Path> projectLayers = projectLayersDir();
        if (projectLayers.isPresent()) {
            if (projectTrusted || projectSnapshot != null) {
                listProject(byName, warnings);
            } else if (!layerDirectories(projectLayers.get()).isEmpty()) {
                warnings.add("Project-local layers in " + projectLayers.get()
                        + " are not listed: the project's layers are not trusted");
            }
        }
        userLayersDir().ifPresent(dir -> scan(dir, LayerSource.USER, byName, warnings));
        for (Layer layer : BuiltInLayers.all()) {
            byName.putIfAbsent(layer.name(), new LayerSummary(layer.name(), layer.manifest().layer().description(),
                    LayerSource.BUILT_IN, Optional.empty()));
        }
        return new LayerListing(new ArrayList<>(byName.values()), warnings);
    }

    private void listProject(Map<String, LayerSummary> byName, List<String> warnings) {
        ProjectLayers project;
        try {
            project = projectLayers();
        } catch (LayerException e) {
            warnings.add("Project-local layers are not listed: " + e.getMessage());
            return;
        }
        for (String name : project.layerNames()) {
            Path dir = project.directory().resolve(name);
            Optional<Path> user = userLayersDir().map(d -> d.resolve(name)).filter(LayerResolver::hasManifest);
            try {
                refuseShadowing(name, dir, user);
                Layer layer = project.layer(name);
                refuseShadowing(layer);
                byName.put(name, new LayerSummary(name, layer.manifest().layer().description(), LayerSource.PROJECT,
                        Optional.of(dir)));
            } catch (LayerException e) {
                warnings.add("Skipping layer " + dir + ": " + e.getMessage());
            }
        }
    }

    private static void scan(Path layersDir, LayerSource source, Map<String, LayerSummary> byName,
            List<String> warnings) {
        for (Path dir : layerDirectories(layersDir)) {
            String name = dir.getFileName().toString();
            if (byName.containsKey(name)) {
                continue;
            }
            try {
                LayerManifest manifest = LayerManifest.read(dir.resolve("layer.toml"));
                byName.put(name, new LayerSummary(name, manifest.layer().description(), source, Optional.of(dir)));
            } catch (LayerException e) {
                warnings.add("Skipping layer " + dir + ": " + e.getMessage());
            }
        }
    }

    /** Subdirectories with a layer.toml and a usable name, sorted so listings are stable. */
    private static List<Path> layerDirectories(Path layersDir) {
        if (!Files.isDirectory(layersDir)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layersDir)) {
            for (Path entry : entries) {
                if (LayerName.isValid(entry.getFileName().toString()) && hasManifest(entry)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            // An unreadable layers folder lists as empty, the way a missing one does; resolving a
            // name in it reports the real error.
            return List.of();
        }
        dirs.sort(null);
        return dirs;
    }

    private static boolean hasManifest(Path dir) {
        return Files.isRegularFile(dir.resolve("layer.toml"));
    }

    /** Configures a {@link LayerResolver}. */
    public static final class Builder {

        private Path projectDir;
        private boolean projectTrusted;
        private ProjectLayers projectSnapshot;
        private Path userConfigDir;

        private Builder() {
        }

        /**
         * Sets the project whose {@code .mino/layers/} is searched first.
         *
         * @param projectDir the project directory
         * @param trusted whether the project's layers, whatever they hold, may be used; when
         *     {@code true} they are read as a {@link ProjectLayers} snapshot on each resolve,
         *     when {@code false} they are skipped (with a warning) because their install scripts
         *     run as root during image builds
         * @return this builder
         */
        public Builder project(Path projectDir, boolean trusted) {
            this.projectDir = projectDir;
            this.projectTrusted = trusted;
            this.projectSnapshot = null;
            return this;
        }

        /**
         * Uses exactly these project layers, read and trusted before (for example after
         * comparing their {@link ProjectLayers#fingerprint()} with what the user approved).
         * Layers are built from the snapshot's bytes, so a file changed on disk since then does
         * not get in.
         *
         * @param layers the snapshot of {@code <project>/.mino/layers}
         * @return this builder
         */
        public Builder projectLayers(ProjectLayers layers) {
            this.projectSnapshot = java.util.Objects.requireNonNull(layers, "layers");
            this.projectDir = layers.directory().getParent().getParent();
            this.projectTrusted = true;
            return this;
        }

        /**
         * Sets the user's mino config directory, whose {@code layers/} is searched after the
         * project's (for example {@code ~/.config/mino}).
         *
         * @param configDir the config directory
         * @return this builder
         */
        public Builder userConfigDir(Path configDir) {
            this.userConfigDir = configDir;
            return this;
        }

        /**
         * Builds the resolver.
         *
         * @return the resolver
         */
        public LayerResolver build() {
            return new LayerResolver(this);
        }
    }
}
