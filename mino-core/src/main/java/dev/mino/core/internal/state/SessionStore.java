package dev.mino.core.internal.state;

import dev.mino.core.MinoException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The session records under {@code <state>/sessions}, one pretty-printed JSON file per session,
 * readable only by the owner (directory 0700, files 0600).
 *
 * <p>Readers never see a half-written file: every file is written to a temporary file in the same
 * directory, forced to disk, and then hard-linked (create) or renamed (update) into place. Creating
 * is exclusive across processes. Changes to one session are serialized within this JVM, also
 * across store instances over the same directory, so concurrent updates lose nothing; between
 * processes the last writer wins, as in upstream mino. All methods are thread-safe. Every method
 * taking a name checks it with {@link SessionNames#validate(String)}.
 */
public final class SessionStore {

    private static final System.Logger LOG = System.getLogger(SessionStore.class.getName());
    private static final String SUFFIX = ".json";

    // Striped by file so that the same session always meets the same lock, whichever store
    // instance it goes through, without a map of locks that grows with every session ever seen.
    private static final ReentrantLock[] LOCKS = new ReentrantLock[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private final Path sessionsDir;

    /** A store over {@link MinoPaths#sessionsDir()}; the directory is created on the first write. */
    public SessionStore(MinoPaths paths) {
        this.sessionsDir = Objects.requireNonNull(paths, "paths").sessionsDir();
    }

    /** The directory holding the session files. */
    public Path directory() {
        return sessionsDir;
    }

    /**
     * The file of a session, {@code <sessions>/<name>.json}, whether or not it exists.
     *
     * @throws MinoException when the name is invalid
     */
    public Path fileOf(String name) {
        return sessionsDir.resolve(SessionNames.validate(name) + SUFFIX);
    }

    /**
     * Writes the record of a new session.
     *
     * @return the record
     * @throws MinoException when a session of that name exists already, the name is invalid, the
     *     project directory is not absolute, or the file cannot be written
     */
    public SessionRecord create(SessionRecord record) {
        Objects.requireNonNull(record, "record");
        Path file = fileOf(record.name());
        requireAbsolute(record.projectDir());
        byte[] json = toJson(record);
        return locked(file, () -> {
            try {
                PrivateFiles.ensureOwnerOnlyDirectory(sessionsDir);
                Path temp = PrivateFiles.writeTempFile(sessionsDir, tempPrefix(record.name()), json);
                try {
                    // A link to the complete temp file appears atomically, or fails if the name is
                    // taken, which a plain rename would silently replace.
                    Files.createLink(file, temp);
                } catch (UnsupportedOperationException e) {
                    PrivateFiles.writeNewFile(file, json);
                } finally {
                    PrivateFiles.deleteQuietly(temp);
                }
                PrivateFiles.syncDirectory(sessionsDir);
                return record;
            } catch (FileAlreadyExistsException e) {
                throw new MinoException("Session already exists: " + record.name(),
                    "Choose another session name, or remove the old session first", e);
            } catch (IOException e) {
                throw writeFailed(record.name(), e);
            }
        });
    }

    /**
     * Replaces a session's record with a changed copy. The change runs while the session is locked
     * within this JVM and must not use this store itself.
     *
     * @param change computes the new record from the current one; must keep the name
     * @return the new record
     * @throws MinoException when the session does not exist, its file is unreadable or corrupt,
     *     the change renames it, or the file cannot be written
     */
    public SessionRecord update(String name, UnaryOperator<SessionRecord> change) {
        Path file = fileOf(name);
        Objects.requireNonNull(change, "change");
        return locked(file, () -> {
            SessionRecord current = read(file).orElseThrow(() -> new MinoException("Session not found: " + name,
                "List the sessions to see which exist; a finished session may have been cleaned up"));
            SessionRecord updated = change.apply(current);
            if (updated == null || !updated.name().equals(name)) {
                throw new MinoException("The update of session '" + name + "' must return a record of the same name",
                    "Return a changed copy of the given record, for example record.withStatus(...)");
            }
            requireAbsolute(updated.projectDir());
            byte[] json = toJson(updated);
            try {
                Path temp = PrivateFiles.writeTempFile(sessionsDir, tempPrefix(name), json);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    PrivateFiles.deleteQuietly(temp);
                }
                PrivateFiles.syncDirectory(sessionsDir);
                return updated;
            } catch (AtomicMoveNotSupportedException e) {
                throw new MinoException("Cannot replace session file " + file + " atomically: " + e.getMessage(),
                    "Keep the Mino state directory on a local file system that supports atomic renames", e);
            } catch (IOException e) {
                throw writeFailed(name, e);
            }
        });
    }

    /**
     * The record of a session, or empty if there is none.
     *
     * @throws MinoException when the name is invalid, or the file is unreadable or corrupt
     */
    public Optional<SessionRecord> find(String name) {
        return read(fileOf(name));
    }

    /**
     * All sessions, oldest first. Files that cannot be read or parsed, or whose content names
     * another session, are skipped with a warning; temporary files are ignored.
     *
     * @throws MinoException when the directory exists but cannot be listed
     */
    public List<SessionRecord> list() {
        List<SessionRecord> records = new ArrayList<>();
        if (!Files.isDirectory(sessionsDir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sessionsDir, "*" + SUFFIX)) {
            for (Path file : files) {
                readForListing(file).ifPresent(records::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new MinoException("Cannot list the sessions in " + sessionsDir + ": " + e.getMessage(),
                "Check that the directory is readable by the current user", e);
        }
        records.sort(Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::name));
        return records;
    }

    /**
     * Deletes a session's file.
     *
     * @return whether there was a file to delete
     * @throws MinoException when the name is invalid or the file cannot be deleted
     */
    public boolean delete(String name) {
        Path file = fileOf(name);
        return locked(file, () -> deleteFile(file, name));
    }

    /**
     * Deletes stopped and failed sessions whose {@code updated_at} is older than {@code now - maxAge}
     * (the auto-cleanup before each run). A session that changed in the meantime is kept, and a
     * file that cannot be deleted is logged as a warning and kept.
     *
     * @return the names of the deleted sessions
     */
    public List<String> deleteFinishedOlderThan(Duration maxAge, Instant now) {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(now, "now");
        if (maxAge.isNegative()) {
            throw new MinoException("Session cleanup age cannot be negative: " + maxAge,
                "Pass zero or a positive duration, for example Duration.ofHours(24)");
        }
        Instant cutoff = now.minus(maxAge);
        List<String> deleted = new ArrayList<>();
        for (SessionRecord candidate : list()) {
            if (!isExpired(candidate, cutoff)) {
                continue;
            }
            Path file = fileOf(candidate.name());
            try {
                // Checked again under the lock: the session may have been updated since it was listed.
                boolean removed = locked(file,
                    () -> read(file).filter(current -> isExpired(current, cutoff)).isPresent()
                        && deleteFile(file, candidate.name()));
                if (removed) {
                    deleted.add(candidate.name());
                }
            } catch (MinoException e) {
                LOG.log(System.Logger.Level.WARNING, "Failed to clean up session {0}: {1}", candidate.name(),
                    e.describe());
            }
        }
        return deleted;
    }

    private static boolean isExpired(SessionRecord record, Instant cutoff) {
        return record.status().isFinished() && record.updatedAt().isBefore(cutoff);
    }

    private Optional<SessionRecord> readForListing(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (!SessionNames.isValid(name)) {
            LOG.log(System.Logger.Level.WARNING, "Skipping {0}: not a valid session name", file);
            return Optional.empty();
        }
        try {
            Optional<SessionRecord> record = read(file);
            if (record.isPresent() && !record.get().name().equals(name)) {
                LOG.log(System.Logger.Level.WARNING, "Skipping {0}: it holds session ''{1}''", file,
                    record.get().name());
                return Optional.empty();
            }
            return record;
        } catch (MinoException e) {
            LOG.log(System.Logger.Level.WARNING, "Skipping a session file: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<SessionRecord> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MinoException("Cannot read session file " + file + ": " + e,
                "Check that the file is readable by the current user", e);
        }
        try {
            return Optional.of(SessionJson.read(bytes));
        } catch (IOException e) {
            throw new MinoException("JSON error in session file " + file + ": " + oneLine(e.getMessage()),
                "The file is damaged; delete it to discard the session", e);
        }
    }

    private static boolean deleteFile(Path file, String name) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new MinoException("Cannot delete session " + name + ": " + e,
                "Check that " + file.getParent() + " is writable by the current user", e);
        }
    }

    private static byte[] toJson(SessionRecord record) {
        try {
            return SessionJson.write(record);
        } catch (IOException e) {
            throw new MinoException("Cannot serialize session " + record.name() + ": " + e.getMessage(),
                "This is a bug in Mino; please report it", e);
        }
    }

    private static void requireAbsolute(String projectDir) {
        boolean absolute;
        try {
            absolute = Path.of(projectDir).isAbsolute();
        } catch (InvalidPathException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new MinoException("Session project directory is not an absolute path: " + projectDir,
                "Pass the project directory as an absolute path, for example with Path.toAbsolutePath()");
        }
    }

    private MinoException writeFailed(String name, IOException e) {
        return new MinoException("Cannot write session " + name + ": " + e,
            "Check that " + sessionsDir + " is writable by the current user and the disk is not full", e);
    }

    private static String tempPrefix(String name) {
        // The leading dot and the .tmp suffix keep temp files out of list()'s "*.json".
        return "." + name + SUFFIX + ".";
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T> T locked(Path file, Supplier<T> action) {
        ReentrantLock lock = LOCKS[Math.floorMod(file.toAbsolutePath().normalize().hashCode(), LOCKS.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
