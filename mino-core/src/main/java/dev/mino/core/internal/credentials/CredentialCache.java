package dev.mino.core.internal.credentials;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.config.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Minted credentials kept until shortly before they expire, so that starting many sandboxes does
 * not ask the cloud for a token each time. Keyed by everything that changes the token (the
 * provider's {@link CredentialProvider#cacheKey()}, hashed into the file name), in
 * {@code <state>/credentials}: folder 0700, files 0600, each entry sealed with a key kept
 * elsewhere ({@link CacheSeal}), so that no file under the state directory holds a usable token.
 */
public final class CredentialCache {
    private static final System.Logger LOG = System.getLogger(CredentialCache.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A credential this close to its expiry is minted anew (SPEC 5.5). */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final Path directory;
    private final Clock clock;
    private final Supplier<CacheSeal> sealSource;
    private CacheSeal seal;

    public CredentialCache(Path directory, Clock clock) {
        this(directory, clock, List.of());
    }

    /**
     * A cache for credentials given to a sandbox that sees {@code sandboxFolders} of the host (its
     * project, its mounts): the key is never kept there.
     */
    public CredentialCache(Path directory, Clock clock, List<Path> sandboxFolders) {
        this(directory, clock, () -> CacheSeal.standard(directory, List.copyOf(sandboxFolders)));
    }

    CredentialCache(Path directory, Clock clock, CacheSeal seal) {
        this(directory, clock, () -> seal);
    }

    // The key is looked for only when an entry is read or written: runs with GitHub alone (never
    // cached) neither make a key nor warn about where it could not be kept.
    private CredentialCache(Path directory, Clock clock, Supplier<CacheSeal> sealSource) {
        this.directory = directory;
        this.clock = clock;
        this.sealSource = sealSource;
    }

    private synchronized CacheSeal seal() {
        if (seal == null) {
            seal = sealSource.get();
        }
        return seal;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(@JsonProperty("provider") String provider, @JsonProperty("secrets") Map<String, String> secrets,
                 @JsonProperty("env") Map<String, String> env, @JsonProperty("expires_at") String expiresAt) {
    }

    /** The provider's credential: from the cache while it is fresh, else minted and cached. */
    public IssuedCredential get(CredentialProvider provider) {
        Path file = fileOf(provider);
        discardPlainEntry(file);
        Optional<IssuedCredential> cached = read(file);
        if (cached.isPresent()) {
            return cached.get();
        }
        IssuedCredential issued = provider.issue();
        if (issued.expiresAt() != null) {
            write(file, issued);
        }
        return issued;
    }

    private Optional<IssuedCredential> read(Path file) {
        try {
            byte[] sealed = Files.readAllBytes(file);
            Optional<byte[]> plain = seal().open(sealed, file.getFileName().toString());
            if (plain.isEmpty()) {
                // Sealed with a key that is gone (a reboot, another user's runtime directory): a miss.
                LOG.log(Level.DEBUG, "discarding credential cache entry " + file.getFileName() + " sealed with "
                    + "another key");
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            Entry entry = JSON.readValue(plain.get(), Entry.class);
            Instant expires = Instant.parse(entry.expiresAt());
            if (!clock.instant().isBefore(expires.minus(REFRESH_MARGIN))) {
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            return Optional.of(new IssuedCredential(entry.provider(), entry.secrets(), entry.env(), expires));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring an unreadable credential cache entry " + file.getFileName() + ": "
                + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void write(Path file, IssuedCredential issued) {
        try {
            byte[] plain = JSON.writeValueAsBytes(new Entry(issued.provider(), issued.secrets(), issued.plainEnv(),
                issued.expiresAt().toString()));
            AtomicFiles.writePrivate(file, seal().seal(plain, file.getFileName().toString()));
        } catch (IOException e) {
            // Not fatal: the next sandbox mints again.
            LOG.log(Level.WARNING, "could not cache the " + issued.provider() + " credential: " + e.getMessage());
        }
    }

    /** Earlier versions kept the same entry as plain JSON next to it: no token stays in the clear. */
    private static void discardPlainEntry(Path sealedFile) {
        String name = sealedFile.getFileName().toString();
        try {
            Files.deleteIfExists(sealedFile.resolveSibling(name.substring(0, name.length() - ".sealed".length())
                + ".json"));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove a plain credential cache entry next to " + name + ": "
                + e.getMessage());
        }
    }

    private Path fileOf(CredentialProvider provider) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((provider.name() + "\n" + provider.cacheKey()).getBytes(StandardCharsets.UTF_8));
            return directory.resolve(provider.name() + "-" + HexFormat.of().formatHex(digest, 0, 12) + ".sealed");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
