package dev.mino.core.internal.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The package ecosystems whose caches Mino keeps (SPEC 9.2, in detection order), each with the
 * lockfiles that identify it and the env vars that point its tools at the cache. Unlike mino
 * 1.6.0, each ecosystem's volume has its own mount point ({@code /cache/<name>}), so a project with
 * several lockfiles gets all of its caches.
 */
public enum Ecosystem {
    NPM("npm", List.of("package-lock.json", "npm-shrinkwrap.json")),
    YARN("yarn", List.of("yarn.lock")),
    PNPM("pnpm", List.of("pnpm-lock.yaml")),
    CARGO("cargo", List.of("Cargo.lock")),
    PIP("pip", List.of("requirements.txt", "Pipfile.lock")),
    POETRY("poetry", List.of("poetry.lock")),
    UV("uv", List.of("uv.lock")),
    GO("go", List.of("go.sum"));

    private final String label;
    private final List<String> lockfiles;

    Ecosystem(String label, List<String> lockfiles) {
        this.label = label;
        this.lockfiles = lockfiles;
    }

    /** The name used in volume names and labels, for example {@code npm}. */
    public String label() {
        return label;
    }

    /** Lockfile names, in priority order. */
    public List<String> lockfiles() {
        return lockfiles;
    }

    /** Where this ecosystem's cache volume is mounted. */
    public String mountPath() {
        return "/cache/" + label;
    }

    /** The env vars that send this ecosystem's tools to its cache (SPEC 9.2, under its own mount). */
    public Map<String, String> env() {
        String root = mountPath();
        Map<String, String> env = new LinkedHashMap<>();
        switch (this) {
            case NPM -> env.put("npm_config_cache", root);
            case YARN -> {
                env.put("YARN_CACHE_FOLDER", root);
                env.put("npm_config_cache", root + "/npm");
            }
            case PNPM -> {
                env.put("PNPM_HOME", root);
                env.put("npm_config_cache", root + "/npm");
            }
            case CARGO -> {
                env.put("CARGO_HOME", root);
                env.put("SCCACHE_DIR", root + "/sccache");
            }
            case PIP -> env.put("PIP_CACHE_DIR", root);
            case POETRY -> {
                env.put("POETRY_CACHE_DIR", root);
                env.put("PIP_CACHE_DIR", root + "/pip");
            }
            case UV -> env.put("UV_CACHE_DIR", root);
            case GO -> {
                env.put("GOMODCACHE", root + "/mod");
                env.put("GOCACHE", root + "/build");
            }
            default -> throw new IllegalStateException(name());
        }
        return env;
    }

    /** The ecosystem of a label, if it is one. */
    public static java.util.Optional<Ecosystem> fromLabel(String label) {
        for (Ecosystem e : values()) {
            if (e.label.equals(label)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
