package dev.mino.layers;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contents of one {@code layer.toml}.
 *
 * <p>Every table of the file has a record here; a table the file leaves out is present as its
 * empty value ({@link Env#NONE}, {@link Cache#NONE}, {@link RootInstall#NONE},
 * {@link UserInstall#NONE}). The records check their own invariants, so a manifest built in
 * code obeys the same rules as one read from a file; keys the file has but this schema does
 * not know are ignored.
 *
 * @param layer the {@code [layer]} table: name, description and version
 * @param env the {@code [env]} table: variables and the directories to put in front of PATH
 * @param cache the {@code [cache]} table, which is read but not used (as in mino 1.6.0)
 * @param rootInstall the {@code [root_install]} table: distribution packages installed as root
 *     when the image is composed
 * @param userInstall the {@code [user_install]} table: what the container installs into the
 *     user's home on its first start
 */
public record LayerManifest(Info layer, Env env, Cache cache, RootInstall rootInstall, UserInstall userInstall) {

    /** The manifest's file name in a layer folder. */
    public static final String FILE_NAME = "layer.toml";

    /**
     * Checks that every table is present.
     *
     * @param layer the {@code [layer]} table
     * @param env the {@code [env]} table
     * @param cache the {@code [cache]} table
     * @param rootInstall the {@code [root_install]} table
     * @param userInstall the {@code [user_install]} table
     */
    public LayerManifest {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(rootInstall, "rootInstall");
        Objects.requireNonNull(userInstall, "userInstall");
    }

    /**
     * Reads and checks a {@code layer.toml} file.
     *
     * @param file the manifest file
     * @return the manifest
     * @throws LayerException if the file cannot be read, is not valid TOML, or breaks a rule of
     *     the schema; the message names the file and the key
     */
    public static LayerManifest read(Path file) {
        return ManifestReader.read(file);
    }

    /**
     * Parses and checks the text of a {@code layer.toml}.
     *
     * @param toml the file's text
     * @param source what to call the text in messages, usually its path
     * @return the manifest
     * @throws LayerException if the text is not valid TOML or breaks a rule of the schema; the
     *     message starts with {@code source} and names the key
     */
    public static LayerManifest parse(String toml, String source) {
        return ManifestReader.parse(toml, source);
    }

    /**
     * Returns the layer's name from {@code [layer] name}.
     *
     * @return the name
     */
    public String name() {
        return layer.name();
    }

    /**
     * The {@code [layer]} table.
     *
     * @param name the layer's name; it names the install script in the build context and the
     *     bootstrap marker in the container, so it follows the rules of {@link LayerName}
     * @param description the text shown when the user picks layers
     * @param version bumped by the layer's author to force a rebuild of composed images
     */
    public record Info(String name, String description, String version) {

        /**
         * Checks the fields.
         *
         * @param name the layer's name
         * @param description the description
         * @param version the version
         * @throws LayerException if the name breaks a rule of {@link LayerName}
         */
        public Info {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(version, "version");
            String problem = LayerName.problem(name);
            if (problem != null) {
                throw new LayerException("layer.name: " + problem,
                        "Use a name of letters, digits, '-' and '_' in [layer] name");
            }
        }
    }

    /**
     * The {@code [env]} table.
     *
     * @param vars the variables in file order; names are shell-style identifiers and values are
     *     single lines, because each becomes one {@code ENV} line of a Containerfile
     * @param pathPrepend {@code [env.path_prepend] dirs}: directories to put in front of PATH,
     *     each without {@code ':'}, which would split it into two entries
     */
    public record Env(Map<String, String> vars, List<String> pathPrepend) {

        /** No variables and no PATH directories. */
        public static final Env NONE = new Env(Map.of(), List.of());

        /**
         * Checks and copies the fields.
         *
         * @param vars the variables
         * @param pathPrepend the PATH directories
         * @throws LayerException if a name is not an identifier, a value has a line break or NUL,
         *     or a directory is empty or has {@code ':'}, a line break or NUL
         */
        public Env {
            Map<String, String> copy = new LinkedHashMap<>();
            vars.forEach((key, value) -> {
                Objects.requireNonNull(value, key);
                if (!isIdentifier(key)) {
                    throw new LayerException("env." + key + ": invalid environment variable name '" + key
                            + "': must start with a letter or '_' and contain only letters, digits or '_'");
                }
                if (hasLineBreakOrNul(value)) {
                    throw new LayerException("env." + key + ": value must not contain a line break or NUL");
                }
                copy.put(key, value);
            });
            vars = Collections.unmodifiableMap(copy);
            pathPrepend = List.copyOf(pathPrepend);
            for (int i = 0; i < pathPrepend.size(); i++) {
                String dir = pathPrepend.get(i);
                if (dir.isEmpty() || dir.indexOf(':') >= 0 || hasLineBreakOrNul(dir)) {
                    throw new LayerException("env.path_prepend.dirs[" + i + "]: '" + dir
                            + "' must be a non-empty directory without ':', line breaks or NUL");
                }
            }
        }

        private static boolean isIdentifier(String key) {
            if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
                return false;
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The {@code [cache]} table. mino 1.6.0 reads it and does nothing with it; it is kept so a
     * caller can show it.
     *
     * @param paths container paths the layer expects to be cached
     */
    public record Cache(List<String> paths) {

        /** No cache paths. */
        public static final Cache NONE = new Cache(List.of());

        /**
         * Copies the list.
         *
         * @param paths the paths
         */
        public Cache {
            paths = List.copyOf(paths);
        }
    }

    /**
     * The {@code [root_install]} table.
     *
     * @param packages distribution package names installed as root when the image is composed;
     *     each non-empty and made only of {@code [A-Za-z0-9._+-]}, because they are written into
     *     a shell command line
     */
    public record RootInstall(List<String> packages) {

        /** No packages. */
        public static final RootInstall NONE = new RootInstall(List.of());

        /**
         * Checks and copies the packages.
         *
         * @param packages the package names
         * @throws LayerException if a name is empty or has a character outside
         *     {@code [A-Za-z0-9._+-]}
         */
        public RootInstall {
            packages = List.copyOf(packages);
            for (int i = 0; i < packages.size(); i++) {
                String p = packages.get(i);
                String key = "root_install.packages[" + i + "]";
                if (p.isEmpty()) {
                    throw new LayerException(key + ": root_install.packages contains an empty package name",
                            "Remove the empty string from [root_install] packages");
                }
                for (int j = 0; j < p.length(); j++) {
                    char c = p.charAt(j);
                    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '.' || c == '_' || c == '+' || c == '-')) {
                        throw new LayerException(key + ": invalid package name '" + p
                                + "': must contain only alphanumeric characters, hyphens, underscores, dots, or plus signs",
                                "Each entry of [root_install] packages is one package name");
                    }
                }
            }
        }
    }

    /**
     * The {@code [user_install]} table, carried to the container in {@code MINO_LAYER_MANIFEST}
     * and acted on there by {@code mino-bootstrap}.
     *
     * @param runtime {@code nvm}, {@code rustup} or {@code uv}, when set
     * @param runtimeVersion the runtime's version, for example {@code 22} or {@code stable}
     * @param npmGlobals npm packages installed globally (with {@code nvm})
     * @param cargoTools crates installed with cargo-binstall (with {@code rustup})
     * @param uvTools tools installed with {@code uv tool install} (with {@code uv})
     */
    public record UserInstall(Optional<String> runtime, Optional<String> runtimeVersion, List<String> npmGlobals,
            List<String> cargoTools, List<String> uvTools) {

        /** The runtimes {@code mino-bootstrap} knows how to install. */
        public static final List<String> RUNTIMES = List.of("nvm", "rustup", "uv");

        /** Nothing to install. */
        public static final UserInstall NONE =
                new UserInstall(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());

        /**
         * Checks and copies the fields.
         *
         * @param runtime the runtime
         * @param runtimeVersion the runtime's version
         * @param npmGlobals npm packages
         * @param cargoTools cargo tools
         * @param uvTools uv tools
         * @throws LayerException if the runtime is not one of {@link #RUNTIMES}, or an entry of a
         *     list is empty or has a line break or NUL
         */
        public UserInstall {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(runtimeVersion, "runtimeVersion");
            npmGlobals = List.copyOf(npmGlobals);
            cargoTools = List.copyOf(cargoTools);
            uvTools = List.copyOf(uvTools);
            if (runtime.isPresent() && !RUNTIMES.contains(runtime.get())) {
                throw new LayerException("user_install.runtime: unknown runtime '" + runtime.get()
                        + "', valid options: [\"nvm\", \"rustup\", \"uv\"]",
                        "Set [user_install] runtime to nvm, rustup or uv, or leave it out");
            }
            runtimeVersion.ifPresent(v -> requireSingleLine("user_install.runtime_version", v));
            requireEntries("user_install.npm_globals", npmGlobals);
            requireEntries("user_install.cargo_tools", cargoTools);
            requireEntries("user_install.uv_tools", uvTools);
        }

        /**
         * Tells whether there is nothing to install. A version without a runtime or tools counts
         * as nothing, as in mino 1.6.0.
         *
         * @return {@code true} if no runtime is set and all three lists are empty
         */
        public boolean isEmpty() {
            return runtime.isEmpty() && npmGlobals.isEmpty() && cargoTools.isEmpty() && uvTools.isEmpty();
        }

        private static void requireEntries(String key, List<String> entries) {
            for (int i = 0; i < entries.size(); i++) {
                String entry = entries.get(i);
                if (entry.isEmpty()) {
                    throw new LayerException(key + "[" + i + "]: must not be empty");
                }
                requireSingleLine(key + "[" + i + "]", entry);
            }
        }

        private static void requireSingleLine(String key, String value) {
            if (hasLineBreakOrNul(value)) {
                throw new LayerException(key + ": '" + value.strip() + "' must not contain a line break or NUL");
            }
        }
    }

    private static boolean hasLineBreakOrNul(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0;
    }
}
