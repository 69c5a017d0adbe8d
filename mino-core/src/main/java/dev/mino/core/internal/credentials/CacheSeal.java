package dev.mino.core.internal.credentials;

import dev.mino.core.internal.config.AtomicFiles;
import dev.mino.core.internal.state.MinoPaths;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals cached credentials (AES-256-GCM) with a key kept apart from them: in the user's runtime
 * directory ({@code $XDG_RUNTIME_DIR/mino/credential-cache.key}, a per-user tmpfs that logout and
 * reboot clear), or, where there is none, in this JVM's memory alone. A copy of the state
 * directory (a backup, a synced home folder, a support bundle) then holds no usable token, and a
 * cache that outlives its key is a cache miss, never a leak.
 */
final class CacheSeal {
    private static final System.Logger LOG = System.getLogger(CacheSeal.class.getName());
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The key of this JVM where no runtime directory holds one for every JVM of the user. */
    private static final SecretKey PROCESS_KEY = newKey();

    private final SecretKey key;

    private CacheSeal(SecretKey key) {
        this.key = key;
    }

    /** The user's seal: from the runtime directory when there is one, else this JVM's own. */
    static CacheSeal standard() {
        return forRuntimeDirectory(MinoPaths.runtimeDir(System.getenv()));
    }

    /** The seal whose key lives in Mino's runtime folder {@code runtimeDir}, or this JVM's when that is empty. */
    static CacheSeal forRuntimeDirectory(Optional<Path> runtimeDir) {
        if (runtimeDir.isEmpty()) {
            return new CacheSeal(PROCESS_KEY);
        }
        Path file = runtimeDir.get().resolve("credential-cache.key");
        try {
            return new CacheSeal(loadOrCreate(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep the credential cache key in " + file + " (" + e.getMessage()
                + "); cached credentials last only as long as this process");
            return new CacheSeal(PROCESS_KEY);
        }
    }

    /** Seals {@code plain}; {@code context} (the entry's name) must be given again to open it. */
    byte[] seal(byte[] plain, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** The plain bytes, or empty when sealed with another key, for another entry, or tampered with. */
    Optional<byte[]> open(byte[] sealed, String context) {
        if (sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static SecretKey loadOrCreate(Path file) throws IOException {
        try {
            return keyOf(Files.readAllBytes(file), file);
        } catch (NoSuchFileException e) {
            // Two JVMs may race here; the last one's key wins and the other's entries become misses.
            AtomicFiles.writePrivate(file, newKey().getEncoded());
            return keyOf(Files.readAllBytes(file), file);
        }
    }

    private static SecretKey keyOf(byte[] bytes, Path file) throws IOException {
        if (bytes.length != KEY_BYTES) {
            throw new IOException(file + " is not a key of " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static SecretKey newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
