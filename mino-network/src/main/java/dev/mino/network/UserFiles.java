package dev.mino.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Decides whether a file of the user's own configuration may be read for network decisions. */
final class UserFiles {
    private UserFiles() {}

    /**
     * The path to read {@code file} by, when it lies outside the folder the sandbox can write. A
     * home folder inside the project (or a settings file linked into it) would let the sandbox
     * choose the next run's allowlist, so such a file is skipped with a warning. Real paths are
     * compared, so links cannot hide where the file is; and the real path is what is read, so a
     * link in the project on the way to the file, retargeted by a running sandbox after the check,
     * cannot change what is read.
     *
     * @param sandboxWritable the folder the sandbox can write, or null when there is none
     * @return the path to read, or empty when the file must not be read
     */
    static Optional<Path> readable(Path file, Path sandboxWritable, List<String> warnings) {
        if (sandboxWritable == null || !Files.exists(file)) {
            return Optional.of(file);
        }
        Path real;
        Path writable;
        try {
            real = file.toRealPath();
            writable = sandboxWritable.toRealPath();
        } catch (IOException e) {
            warnings.add("Ignored " + file + ": could not tell whether it lies in the project folder ("
                + e.getMessage() + ")");
            return Optional.empty();
        }
        if (real.startsWith(writable)) {
            warnings.add("Ignored " + file + ": it lies in the project folder " + writable
                + ", which the sandbox can write");
            return Optional.empty();
        }
        return Optional.of(real);
    }
}
