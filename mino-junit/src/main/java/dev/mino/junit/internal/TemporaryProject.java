package dev.mino.junit.internal;

import dev.mino.core.EngineInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder of a sandbox asked for with {@code project = TEMPORARY}: new, private to the JVM's
 * user (as {@code Files.createTempDirectory} makes it), and deleted with its contents after the
 * sandbox.
 */
final class TemporaryProject {
    private static final System.Logger LOG = System.getLogger(TemporaryProject.class.getName());

    private final Path path;

    private TemporaryProject(Path path) {
        this.path = path;
    }

    /** Makes a new folder under the system's temporary folder. */
    static TemporaryProject create() {
        try {
            return new TemporaryProject(Files.createTempDirectory("mino-junit-").toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary project folder: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /**
     * Hands the folder to the engine's user when the JVM runs as root and the engine is a rootless
     * Podman of another user, reached through its unix socket: the sandbox's root is that user on
     * the host, and could not even open a folder private to root. As the folder is new and empty,
     * nothing of root's is exposed. Otherwise (the usual case, JVM and engine of one user, or a
     * rootful engine, which hands the project to the sandbox's user range itself) nothing changes.
     *
     * @param engine what the engine says of itself
     */
    void shareWithEngineUser(EngineInfo engine) {
        if (!engine.rootless() || !"root".equals(System.getProperty("user.name"))
            || !engine.address().startsWith("unix:")) {
            return;
        }
        try {
            Path socket = Path.of(URI.create(engine.address()).getPath());
            UserPrincipal engineUser = Files.getOwner(socket);
            if (!engineUser.getName().equals("root")) {
                Files.setOwner(path, engineUser);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot hand the temporary project folder " + path
                + " to the engine's user; the sandbox may not be able to use it", e);
        }
    }

    /**
     * Deletes the folder and everything in it. Files the sandbox wrote as another of its users
     * (a subordinate uid on the host) may not be deletable by the JVM's user: those are logged,
     * not thrown, since the test itself is done and they are in the system's temporary folder.
     */
    void delete() {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> left = new ArrayList<>();
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    deleteOne(file, left);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        left.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    deleteOne(dir, left);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            left.add(path);
        }
        if (!left.isEmpty()) {
            LOG.log(Level.WARNING, "could not delete all of the temporary project folder " + path + "; left: " + left);
        }
    }

    private static void deleteOne(Path file, List<Path> left) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            left.add(file);
        }
    }
}
