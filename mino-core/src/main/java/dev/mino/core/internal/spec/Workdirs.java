package dev.mino.core.internal.spec;

import java.nio.file.Path;
import java.util.Set;

/** Where the project appears inside the sandbox (SPEC 3.2): {@code /<folder name>}, or {@code /workspace}. */
public final class Workdirs {
    /** Folder names that would shadow a system directory, or one mino itself uses, when mounted at /name. */
    static final Set<String> BLOCKED = Set.of("bin", "dev", "etc", "home", "lib", "lib64", "opt", "proc", "root",
        "run", "sbin", "sys", "tmp", "usr", "var", "cache", "workspace", "ssh-agent");

    /** The fallback mount point for projects whose folder name cannot be used. */
    public static final String WORKSPACE = "/workspace";

    private Workdirs() {
    }

    /** The container path of the project folder {@code project}. */
    public static String forProject(Path project) {
        Path name = project.getFileName();
        if (name == null) {
            return WORKSPACE;
        }
        String folder = name.toString();
        return BLOCKED.contains(folder) ? WORKSPACE : "/" + folder;
    }
}
