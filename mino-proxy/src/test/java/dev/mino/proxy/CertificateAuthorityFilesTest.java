package dev.mino.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the authority lives: private files, written whole, one authority however many start at once. */
class CertificateAuthorityFilesTest {
    @TempDir
    Path temp;

    private Path directory() {
        return temp.resolve("state").resolve("ca");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theDirectoryIsCreatedPrivateAndTheKeyIsReadableByTheUserOnly() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        assertEquals("rwx------", mode(directory()));
        assertEquals("rw-------", mode(directory().resolve(CertificateAuthority.KEY_FILE)));
        String certificateMode = mode(directory().resolve(CertificateAuthority.CERTIFICATE_FILE));
        assertEquals("rw-r--r--", certificateMode);
        try (var files = Files.list(directory())) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void theKeyIsUnencryptedPkcs8Pem() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        String pem = Files.readString(directory().resolve(CertificateAuthority.KEY_FILE));
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.lines().findFirst().orElse(""));
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
        assertTrue(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)))
            instanceof ECPrivateKey);
    }

    @Test
    void loadingAgainGivesTheSameAuthority() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(directory());
        byte[] key = Files.readAllBytes(directory().resolve(CertificateAuthority.KEY_FILE));
        CertificateAuthority second = CertificateAuthority.loadOrCreate(directory());

        assertEquals(first.certificate(), second.certificate());
        assertEquals(first.certificatePem(), second.certificatePem());
        assertArrayEquals(key, Files.readAllBytes(directory().resolve(CertificateAuthority.KEY_FILE)), "key untouched");
        // Same key: a leaf the reloaded authority signs verifies with the first one's certificate.
        second.leafFor("api.github.test").verify(first.certificate().getPublicKey());
        CertificateAuthorityTest.validate(second.leafFor("api.github.test"), first.certificate());

        // Positive control: another directory is another authority.
        CertificateAuthority other = CertificateAuthority.loadOrCreate(temp.resolve("other"));
        assertNotEquals(first.certificate(), other.certificate());
    }

    @Test
    void aGroupReadableKeyIsRefused() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        Path key = directory().resolve(CertificateAuthority.KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("open to other users"),
            e.getMessage());
        assertTrue(e.hint().contains("chmod 600") && e.hint().contains("Remove"), e.hint());

        // Positive control: back to 0600 it loads.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        CertificateAuthority.loadOrCreate(directory());
    }

    @Test
    void aSymlinkedKeyIsRefused() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        Path key = directory().resolve(CertificateAuthority.KEY_FILE);
        Path elsewhere = temp.resolve("elsewhere.pem");
        Files.move(key, elsewhere);
        Files.createSymbolicLink(key, elsewhere);

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains(key + " is a symbolic link"), e.getMessage());
        assertTrue(e.hint().contains("Remove " + directory()), e.hint());
    }

    @Test
    void aSymlinkedDirectoryIsRefused() throws Exception {
        Path real = temp.resolve("real");
        Files.createDirectory(real, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = temp.resolve("link");
        Files.createSymbolicLink(link, real);

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(link));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        try (var files = Files.list(real)) {
            assertEquals(0, files.count(), "nothing written through the link");
        }
        // Positive control: the real directory itself is fine.
        CertificateAuthority.loadOrCreate(real);
    }

    @Test
    void aDirectoryOpenToOthersIsRefused() throws Exception {
        Files.createDirectories(directory());
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxr-x---"));

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains("open to other users (mode rwxr-x---)"), e.getMessage());
        assertEquals("Run chmod 700 " + directory() + " so that only you can open it.", e.hint());
        assertFalse(Files.exists(directory().resolve(CertificateAuthority.KEY_FILE)), "no key written there");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        Prerequisite.require(isRoot(), "root, to give a directory to another user");
        Files.createDirectories(directory());
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(directory(), "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains("belongs to 4242, not to you"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherUserIsRefused() throws Exception {
        Prerequisite.require(isRoot(), "root, to give a file to another user");
        CertificateAuthority.loadOrCreate(directory());
        Path key = directory().resolve(CertificateAuthority.KEY_FILE);
        Files.setAttribute(key, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains(key + " belongs to 4242"), e.getMessage());
    }

    private static boolean isRoot() throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    @Test
    void aDamagedKeyOrCertificateIsNamedWithTheWayOut() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        Path key = directory().resolve(CertificateAuthority.KEY_FILE);
        Path certificate = directory().resolve(CertificateAuthority.CERTIFICATE_FILE);
        String goodKey = Files.readString(key);
        String goodCertificate = Files.readString(certificate);

        Files.writeString(key, goodKey.replace("-----BEGIN PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\n!!"));
        assertDamaged(key, "private key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertDamaged(key, "private key");
        Files.writeString(key, goodKey);

        Files.writeString(certificate, "not a certificate\n");
        assertDamaged(certificate, "certificate");
        int middle = goodCertificate.length() / 2;
        Files.writeString(certificate, goodCertificate.substring(0, middle)
            + (goodCertificate.charAt(middle) == 'A' ? 'B' : 'A') + goodCertificate.substring(middle + 1));
        assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));

        // Positive control: the original files load again.
        Files.writeString(certificate, goodCertificate);
        CertificateAuthority.loadOrCreate(directory());
    }

    private void assertDamaged(Path file, String what) {
        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains("The certificate authority's " + what + " " + file + " cannot be read"),
            e.getMessage());
        assertEquals("Remove the directory " + directory() + " to let mino make a new certificate authority "
            + "(sandboxes started afterwards trust the new one).", e.hint());
    }

    @Test
    void aKeyAndACertificateThatDoNotBelongTogetherAreRefused() throws Exception {
        CertificateAuthority.loadOrCreate(directory());
        CertificateAuthority.loadOrCreate(temp.resolve("other"));
        Files.copy(temp.resolve("other").resolve(CertificateAuthority.CERTIFICATE_FILE),
            directory().resolve(CertificateAuthority.CERTIFICATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ProxyException e = assertThrows(ProxyException.class, () -> CertificateAuthority.loadOrCreate(directory()));
        assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
    }

    @Test
    void halfAnAuthorityLeftByACrashIsMadeAnew() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(directory());
        Files.delete(directory().resolve(CertificateAuthority.CERTIFICATE_FILE));

        CertificateAuthority second = CertificateAuthority.loadOrCreate(directory());
        assertNotEquals(first.certificate(), second.certificate());
        assertEquals(second.certificate(), CertificateAuthority.loadOrCreate(directory()).certificate());
    }

    @Test
    void threadsCreatingAtOnceEndWithOneAuthority() throws Exception {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        Set<String> certificates = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    certificates.add(CertificateAuthority.loadOrCreate(directory()).certificatePem());
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertEquals(List.of(), failures);
        assertEquals(1, certificates.size());
        assertEquals(certificates.iterator().next(),
            Files.readString(directory().resolve(CertificateAuthority.CERTIFICATE_FILE)));
    }

    @Test
    void processesCreatingAtOnceEndWithOneAuthority() throws Exception {
        Path go = temp.resolve("go");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CreateAuthorityMain.class.getName(), directory().toString(), go.toString())
                .redirectErrorStream(true).start());
        }
        // Every JVM waits for this file, so that they reach loadOrCreate together.
        Thread.sleep(1500);
        Files.createFile(go);
        Set<String> subjects = ConcurrentHashMap.newKeySet();
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "a creating JVM did not finish");
            String output = new String(process.getInputStream().readAllBytes()).strip();
            assertEquals(0, process.exitValue(), output);
            subjects.add(output.lines().reduce((a, b) -> b).orElse(""));
        }
        assertEquals(1, subjects.size(), subjects.toString());
        assertEquals(subjects.iterator().next(),
            CertificateAuthority.loadOrCreate(directory()).certificate().getSerialNumber().toString(16));
    }
}
