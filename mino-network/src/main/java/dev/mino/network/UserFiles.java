package dev.mino.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Decides whether a file of the user's own configuration may be read for network decisions. */
final class UserFiles {
    private UserFiles() {}

    /**
     * Whether {@code file} lies outside the folder the sandbox can write. A home folder inside the
     * project (or a settings file linked into it) would let the sandbox choose the next run's
     * allowlist, so such a file is skipped with a warning. Real paths are compared, so links
     * cannot hide where the file is.
     *
     * @param sandboxWritable the folder the sandbox can write, or null when there is none
     */
    static boolean readable(Path file, Path sandboxWritable, List<String> warnings) {
        if (sandboxWritable == null || !Files.exists(file)) {
            return true;
        }
        Path real;
        Path writable;
        try {
            real = file.toRealPath();
            writable = sandboxWritable.toRealPath();
        } catch (IOException e) {
            warnings.add("Ignored " + file + ": could not tell whether it lies in the project folder ("
                + e.getMessage() + ")");
            return false;
        }
        if (real.startsWith(writable)) {
            warnings.add("Ignored " + file + ": it lies in the project folder " + writable
                + ", which the sandbox can write");
            return false;
        }
        return true;
    }
}
