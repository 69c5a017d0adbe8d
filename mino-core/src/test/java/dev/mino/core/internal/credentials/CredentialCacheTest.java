package dev.mino.core.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCacheTest {
    private static final String TOKEN = "tok-" + "3f9a7c1e5b2d4e6f8a0c";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Issues the same token, expiring in an hour, and counts how often it was asked. */
    private static final class CountingProvider implements CredentialProvider {
        final AtomicInteger issued = new AtomicInteger();

        @Override
        public String name() {
            return "aws";
        }

        @Override
        public String cacheKey() {
            return "profile=default";
        }

        @Override
        public IssuedCredential issue() {
            issued.incrementAndGet();
            return new IssuedCredential("aws", Map.of("AWS_SESSION_TOKEN", TOKEN), Map.of(),
                NOW.plusSeconds(3600));
        }
    }

    /** A seal with its key in {@code runtimeDir}, made a private runtime directory. */
    private CacheSeal runtimeSeal(Path runtimeDir) {
        try {
            Files.createDirectories(runtimeDir);
            Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CacheSeal seal = CacheSeal.forPlaces(List.of(SealKeyPlaces.Place.runtimeDirectory(runtimeDir, "test")),
            Map.of(dir.resolve("credentials"), "the state directory"));
        assertEquals(Optional.of(runtimeDir.resolve("mino").resolve(SealKeyFile.NAME)), seal.keyFile());
        return seal;
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("credentials"))) {
            return files.toList();
        }
    }

    @Test
    void anEntryIsSealedOwnerOnlyAndReusedWithTheSameKey() throws IOException {
        CacheSeal seal = runtimeSeal(dir.resolve("run"));
        CountingProvider aws = new CountingProvider();
        assertEquals(TOKEN, new CredentialCache(dir.resolve("credentials"), clock, seal).get(aws).secrets()
            .get("AWS_SESSION_TOKEN"));
        assertEquals(TOKEN, new CredentialCache(dir.resolve("credentials"), clock, seal).get(aws).secrets()
            .get("AWS_SESSION_TOKEN"));
        assertEquals(1, aws.issued.get(), "the second cache read the first one's entry");

        List<Path> files = cacheFiles();
        assertEquals(1, files.size(), files.toString());
        String content = new String(Files.readAllBytes(files.get(0)), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(TOKEN), "the token is not in the file");
        assertFalse(content.contains("AWS_SESSION_TOKEN"), "nothing of the entry is readable");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));

        Path key = dir.resolve("run/mino/credential-cache.key");
        assertEquals(32, Files.size(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
    }

    @Test
    void anEntrySealedWithAKeyThatIsGoneIsAMissAndReplaced() throws IOException {
        CountingProvider aws = new CountingProvider();
        new CredentialCache(dir.resolve("credentials"), clock,
            runtimeSeal(dir.resolve("before-reboot"))).get(aws);
        byte[] before = Files.readAllBytes(cacheFiles().get(0));
        new CredentialCache(dir.resolve("credentials"), clock,
            runtimeSeal(dir.resolve("after-reboot"))).get(aws);
        assertEquals(2, aws.issued.get(), "minted again: the old key is gone");
        assertEquals(1, cacheFiles().size());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(cacheFiles().get(0))), "the entry was replaced");
    }

    @Test
    void aPlainEntryOfAnEarlierVersionIsRemoved() throws IOException {
        CacheSeal seal = CacheSeal.processSeal();
        CountingProvider aws = new CountingProvider();
        new CredentialCache(dir.resolve("credentials"), clock, seal).get(aws);
        Path sealed = cacheFiles().get(0);
        String name = sealed.getFileName().toString();
        Path plain = sealed.resolveSibling(name.replace(".sealed", ".json"));
        Files.writeString(plain, "{\"secrets\":{\"AWS_SESSION_TOKEN\":\"" + TOKEN + "\"}}");
        new CredentialCache(dir.resolve("credentials"), clock, seal).get(aws);
        assertFalse(Files.exists(plain), "the plain entry is gone");
        assertEquals(1, aws.issued.get(), "the sealed entry still served");
    }

    @Test
    void aSealOpensOnlyWithItsKeyAndForItsOwnEntry() {
        CacheSeal seal = runtimeSeal(dir.resolve("a"));
        byte[] plain = TOKEN.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = seal.seal(plain, "aws-1.sealed");
        assertArrayEquals(plain, seal.open(sealed, "aws-1.sealed").orElseThrow());
        assertTrue(seal.open(sealed, "aws-2.sealed").isEmpty(), "moved to another entry's name");
        assertTrue(runtimeSeal(dir.resolve("b")).open(sealed, "aws-1.sealed")
            .isEmpty(), "another key");
        sealed[sealed.length - 1] ^= 1;
        assertTrue(seal.open(sealed, "aws-1.sealed").isEmpty(), "tampered with");
        assertTrue(seal.open(new byte[5], "aws-1.sealed").isEmpty(), "too short");
    }
}
