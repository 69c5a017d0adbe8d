package dev.mino.core.internal.credentials;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals cached credentials (AES-256-GCM) with a key kept apart from them, so that a copy of the
 * state directory (a backup, a synced home folder, a support bundle) holds no usable token, and a
 * cache that outlives its key is a cache miss, never a leak. The key is kept in the first
 * {@link SealKeyPlaces place} that is safe ({@link SealKeyFile}): the user's runtime directory,
 * else a private folder in the user's cache directory, so that every run of the user shares it.
 * An unsafe place is refused with a warning; where no place is safe the key lives in this JVM's
 * memory alone, and cached credentials last only as long as the process.
 */
final class CacheSeal {
    private static final System.Logger LOG = System.getLogger(CacheSeal.class.getName());
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The key of this JVM where no place holds one for every JVM of the user. */
    private static final SecretKey PROCESS_KEY = new SecretKeySpec(newKeyBytes(), "AES");

    private final SecretKey key;
    private final Optional<Path> keyFile;

    private CacheSeal(SecretKey key, Optional<Path> keyFile) {
        this.key = key;
        this.keyFile = keyFile;
    }

    /**
     * The user's seal for the cache in {@code cacheDirectory} ({@code <state>/credentials}).
     *
     * @param sandboxFolders the host folders the sandbox sees (its project, its mounts), where the
     *     key must not be
     */
    static CacheSeal standard(Path cacheDirectory, List<Path> sandboxFolders) {
        Map<Path, String> keepOut = new LinkedHashMap<>();
        keepOut.put(cacheDirectory.toAbsolutePath().getParent(), "the state directory: a copy of it would hold both "
            + "the key and the entries it opens");
        sandboxFolders.forEach(folder -> keepOut.putIfAbsent(folder, "which the sandbox can read"));
        return forPlaces(SealKeyPlaces.current(), keepOut);
    }

    /**
     * The seal whose key is in the first safe place of {@code places}, or this JVM's own.
     *
     * @param keepOut folders no place may be in, each with why, for the warning
     */
    static CacheSeal forPlaces(List<SealKeyPlaces.Place> places, Map<Path, String> keepOut) {
        for (SealKeyPlaces.Place place : places) {
            try {
                byte[] bytes = SealKeyFile.loadOrCreate(place, keepOut, newKeyBytes());
                Path file = place.folder().resolve(SealKeyFile.NAME);
                LOG.log(Level.DEBUG, "credential cache key in " + file + ", protected by " + place.protection());
                return new CacheSeal(new SecretKeySpec(bytes, "AES"), Optional.of(file));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "not keeping the credential cache key in " + place.folder() + ": "
                    + e.getMessage());
            }
        }
        LOG.log(places.isEmpty() ? Level.DEBUG : Level.WARNING, "no safe folder for the credential cache key; cached "
            + "credentials last only as long as this process, and the next run mints new ones");
        return processSeal();
    }

    /** The seal whose key lives in this JVM's memory alone. */
    static CacheSeal processSeal() {
        return new CacheSeal(PROCESS_KEY, Optional.empty());
    }

    /** The file the key is kept in; empty when it lives in this JVM alone. */
    Optional<Path> keyFile() {
        return keyFile;
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

    private static byte[] newKeyBytes() {
        byte[] bytes = new byte[SealKeyFile.KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
