package dev.mino.core.internal.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mino.core.MinoException;
import dev.mino.core.internal.config.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sidecar files of cache volumes, {@code <state>/cache/<volume>.json}: written atomically
 * (0600 in a 0700 folder), so a crash never leaves half a record behind.
 */
public final class SidecarStore {
    private static final System.Logger LOG = System.getLogger(SidecarStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    /** The sidecars in {@code directory} ({@code <state>/cache}). */
    public SidecarStore(Path directory) {
        this.directory = directory;
    }

    private Path fileOf(String volume) {
        if (!volume.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("not a volume name: " + volume);
        }
        return directory.resolve(volume + ".json");
    }

    /** The sidecar of {@code volume}; empty when there is none or it cannot be read (logged). */
    public Optional<CacheSidecar> read(String volume) {
        Path file = fileOf(volume);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), CacheSidecar.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "unreadable cache sidecar " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the sidecar atomically. */
    public void write(CacheSidecar sidecar) {
        Path file = fileOf(sidecar.volumeName());
        try {
            AtomicFiles.writePrivate(file, JSON.writeValueAsBytes(sidecar));
        } catch (IOException e) {
            throw new MinoException("IO error: writing cache state " + file + ": " + e.getMessage(),
                "check that the state directory is writable");
        }
    }

    /** Deletes the sidecar, if any. */
    public void delete(String volume) {
        try {
            Files.deleteIfExists(fileOf(volume));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete cache sidecar of " + volume + ": " + e.getMessage());
        }
    }
}
