package dev.mino.core.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.state.LogCapture;
import dev.mino.core.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the credential cache's key is kept when runs share it, and every place another local user
 * could read or prepare refused, with a warning, for the next safe place or this JVM's own key.
 */
class SealKeyPlacesTest {
    private static final long UID = 4242;
    private static final String TOKEN = "tok-" + "5e1d0c3b7a9f2e4d6c8b";
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path dir;

    private Path runUser() throws IOException {
        return Files.createDirectories(dir.resolve("run-user"));
    }

    private Path privateFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        return folder;
    }

    private List<SealKeyPlaces.Place> places(Map<String, String> env) throws IOException {
        return SealKeyPlaces.of(env, "Linux", dir.resolve("home"), UID, runUser());
    }

    private Path state() {
        return dir.resolve("home/.local/state/mino");
    }

    /** The seal the places give, and the warnings logged while choosing. */
    private record Chosen(CacheSeal seal, List<String> warnings) {
    }

    private Chosen choose(List<SealKeyPlaces.Place> places) {
        AtomicReference<CacheSeal> seal = new AtomicReference<>();
        List<String> warnings = new ArrayList<>(LogCapture.warnings(CacheSeal.class,
            () -> seal.set(CacheSeal.forPlaces(places, Map.of(state(), "the state directory")))));
        return new Chosen(seal.get(), warnings);
    }

    private static UserPrincipal nobody(Path anywhere) throws IOException {
        return anywhere.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    @Test
    void runtimeDirectoriesComeFirstThenTheCacheDirectory() throws IOException {
        Path xdg = privateFolder(dir.resolve("xdg-run"));
        Path own = privateFolder(runUser().resolve(Long.toString(UID)));
        List<Path> folders = places(Map.of("XDG_RUNTIME_DIR", xdg.toString(), "XDG_CACHE_HOME",
            dir.resolve("cache").toString())).stream().map(SealKeyPlaces.Place::folder).toList();
        assertEquals(List.of(xdg.resolve("mino"), own.resolve("mino"), dir.resolve("cache/mino/credential-key")),
            folders);

        assertEquals(List.of(own.resolve("mino"), dir.resolve("home/.cache/mino/credential-key")),
            places(Map.of()).stream().map(SealKeyPlaces.Place::folder).toList(), "no XDG_RUNTIME_DIR: /run/user/<uid>");
        assertEquals(List.of(own.resolve("mino"), dir.resolve("home/.cache/mino/credential-key")),
            places(Map.of("XDG_RUNTIME_DIR", own.toString(), "XDG_CACHE_HOME", "relative")).stream()
                .map(SealKeyPlaces.Place::folder).toList(), "the same folder once; a relative cache home is ignored");
        assertEquals(List.of(dir.resolve("home/Library/Caches/mino/credential-key")),
            SealKeyPlaces.of(Map.of(), "Mac OS X", dir.resolve("home"), -1, runUser()).stream()
                .map(SealKeyPlaces.Place::folder).toList());
        assertEquals(List.of(), SealKeyPlaces.of(Map.of(), "Linux", null, -1, runUser()), "no home, no uid");
    }

    @Test
    void withoutXdgRuntimeDirThePrivateRunUserFolderHoldsTheKeyForEveryRun() throws IOException {
        Path own = privateFolder(runUser().resolve(Long.toString(UID)));
        Chosen first = choose(places(Map.of()));
        assertEquals(Optional.of(own.resolve("mino").resolve(SealKeyFile.NAME)), first.seal().keyFile());
        assertEquals(List.of(), first.warnings());
        byte[] sealed = first.seal().seal(TOKEN.getBytes(StandardCharsets.UTF_8), "aws-1.sealed");

        // Another JVM of the user: a new choice, the same key.
        Chosen second = choose(places(Map.of()));
        assertArrayEquals(TOKEN.getBytes(StandardCharsets.UTF_8), second.seal().open(sealed, "aws-1.sealed")
            .orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            own.resolve("mino").resolve(SealKeyFile.NAME))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own.resolve("mino"))));
    }

    @Test
    void withoutAnyRuntimeDirectoryAPrivateCacheFolderHoldsTheKeyForEveryRun() throws IOException {
        Chosen first = choose(places(Map.of()));
        Path folder = dir.resolve("home/.cache/mino/credential-key");
        assertEquals(Optional.of(folder.resolve(SealKeyFile.NAME)), first.seal().keyFile());
        assertEquals(List.of(), first.warnings());
        byte[] sealed = first.seal().seal(TOKEN.getBytes(StandardCharsets.UTF_8), "aws-1.sealed");
        assertTrue(choose(places(Map.of())).seal().open(sealed, "aws-1.sealed").isPresent(), "the same key again");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            folder.resolve(SealKeyFile.NAME))));
        assertTrue(Files.readString(folder.resolve("CACHEDIR.TAG"))
            .startsWith("Signature: 8a477f597d28d172789f06886806bc55"), "backup tools may skip it");
    }

    @Test
    void anOpenRuntimeDirectoryIsRefusedWithAWarningForTheCacheFolder() throws IOException {
        Path own = privateFolder(runUser().resolve(Long.toString(UID)));
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xr-x"));
        Chosen chosen = choose(places(Map.of()));
        assertEquals(Optional.of(dir.resolve("home/.cache/mino/credential-key").resolve(SealKeyFile.NAME)),
            chosen.seal().keyFile());
        assertEquals(1, chosen.warnings().size(), chosen.warnings().toString());
        assertTrue(chosen.warnings().get(0).contains(own + " is not a folder of this user's alone"),
            chosen.warnings().toString());
        assertFalse(Files.exists(own.resolve("mino")), "nothing was made in it");
    }

    @Test
    void aRuntimeDirectoryThatIsALinkIsRefused() throws IOException {
        Path real = privateFolder(dir.resolve("elsewhere"));
        Files.createSymbolicLink(runUser().resolve(Long.toString(UID)), real);
        Chosen chosen = choose(places(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString())));
        assertEquals(Optional.of(dir.resolve("cache/mino/credential-key").resolve(SealKeyFile.NAME)),
            chosen.seal().keyFile());
        assertTrue(chosen.warnings().get(0).contains("is not a folder of this user's alone"),
            chosen.warnings().toString());
        assertFalse(Files.exists(real.resolve("mino")));
    }

    @Test
    void aRuntimeDirectoryOfAnotherUserIsRefused() throws IOException {
        Prerequisites.requireRoot("only root can give a folder to another user");
        Path theirs = privateFolder(runUser().resolve(Long.toString(UID)));
        assertEquals(Optional.of(theirs.resolve("mino").resolve(SealKeyFile.NAME)),
            choose(places(Map.of())).seal().keyFile(), "the control: while it is ours, it is used");
        Files.delete(theirs.resolve("mino").resolve(SealKeyFile.NAME));
        Files.delete(theirs.resolve("mino"));
        Files.setOwner(theirs, nobody(theirs));
        Chosen chosen = choose(places(Map.of()));
        assertEquals(Optional.of(dir.resolve("home/.cache/mino/credential-key").resolve(SealKeyFile.NAME)),
            chosen.seal().keyFile());
        assertTrue(chosen.warnings().get(0).contains(theirs + " is not a folder of this user's alone"),
            chosen.warnings().toString());
    }

    @Test
    void aKeyThatIsALinkToAnotherUsersFileIsRefusedAndNotRead() throws IOException {
        Prerequisites.requireRoot("only root can give a file to another user");
        SealKeyPlaces.Place place = SealKeyPlaces.Place.cacheDirectory(dir.resolve("cache"));
        assertTrue(choose(List.of(place)).seal().keyFile().isPresent(), "the control: the place itself is fine");
        Path key = place.folder().resolve(SealKeyFile.NAME);
        Files.delete(key);
        // The attacker's file holds a key they know; a seal with it would hand them every entry.
        byte[] known = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        Path theirs = Files.write(dir.resolve("their-key"), known);
        Files.setOwner(theirs, nobody(theirs));
        Files.createSymbolicLink(key, theirs);

        Chosen chosen = choose(List.of(place));
        assertEquals(Optional.empty(), chosen.seal().keyFile(), "this JVM's own key instead");
        assertTrue(chosen.warnings().get(0).contains(key + " is a symbolic link"), chosen.warnings().toString());
        assertTrue(chosen.warnings().get(1).contains("last only as long as this process"), chosen.warnings().toString());
        assertTrue(Files.isSymbolicLink(key), "left as found");
        assertArrayEquals(known, Files.readAllBytes(theirs));

        byte[] sealed = chosen.seal().seal(TOKEN.getBytes(StandardCharsets.UTF_8), "aws-1.sealed");
        assertTrue(sealWithKey(known).open(sealed, "aws-1.sealed").isEmpty(), "their key does not open it");
    }

    @Test
    void aKeyOpenToOthersOrOfAnotherUserIsRefused() throws IOException {
        SealKeyPlaces.Place place = SealKeyPlaces.Place.cacheDirectory(dir.resolve("cache"));
        Path key = place.folder().resolve(SealKeyFile.NAME);
        assertEquals(Optional.of(key), choose(List.of(place)).seal().keyFile(), "the control");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Chosen open = choose(List.of(place));
        assertEquals(Optional.empty(), open.seal().keyFile());
        assertTrue(open.warnings().get(0).contains(key + " is open to others (mode rw-r--r--)"),
            open.warnings().toString());

        Prerequisites.requireRoot("only root can give a file to another user");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(key, nobody(key));
        Chosen theirs = choose(List.of(place));
        assertEquals(Optional.empty(), theirs.seal().keyFile());
        assertTrue(theirs.warnings().get(0).contains(key + " belongs to nobody"), theirs.warnings().toString());
    }

    @Test
    void aFolderBelowOneOthersCanWriteIsRefused() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        SealKeyPlaces.Place place = SealKeyPlaces.Place.cacheDirectory(shared.resolve("cache"));
        Chosen chosen = choose(List.of(place));
        assertEquals(Optional.empty(), chosen.seal().keyFile());
        assertTrue(chosen.warnings().get(0).contains(shared + " can be written by others"), chosen.warnings().toString());
        assertFalse(Files.exists(shared.resolve("cache")), "nothing was made there");

        // The control: the same place once only its owner can write there (the temporary folder
        // above is root's and sticky, which is allowed).
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(choose(List.of(place)).seal().keyFile().isPresent());
    }

    @Test
    void aCacheDirectoryLinkedIntoAnotherUsersFolderIsRefusedAndIntoOnesOwnIsFollowed() throws IOException {
        // ~/.cache on another disk is common: a link to a folder of the user's own is fine.
        Path own = Files.createDirectories(dir.resolve("disk/cache"));
        Files.createDirectories(dir.resolve("home"));
        Files.createSymbolicLink(dir.resolve("home/.cache"), own);
        assertEquals(Optional.of(dir.resolve("home/.cache/mino/credential-key").resolve(SealKeyFile.NAME)),
            choose(places(Map.of())).seal().keyFile(), "the control");
        assertTrue(Files.isRegularFile(own.resolve("mino/credential-key").resolve(SealKeyFile.NAME)));

        Prerequisites.requireRoot("only root can give a folder to another user");
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setOwner(theirs, nobody(theirs));
        Files.delete(dir.resolve("home/.cache"));
        Files.createSymbolicLink(dir.resolve("home/.cache"), theirs);
        Chosen chosen = choose(places(Map.of()));
        assertEquals(Optional.empty(), chosen.seal().keyFile());
        assertTrue(chosen.warnings().get(0).contains(theirs + " belongs to nobody, who could replace what is in it"),
            chosen.warnings().toString());
        assertFalse(Files.exists(theirs.resolve("mino")), "nothing was made in their folder");
    }

    @Test
    void aFolderInsideTheStateDirectoryIsRefused() throws IOException {
        Chosen chosen = choose(places(Map.of("XDG_CACHE_HOME", state().resolve("cache").toString())));
        assertEquals(Optional.empty(), chosen.seal().keyFile());
        assertTrue(chosen.warnings().get(0).contains("is inside " + state() + " (or holds it), the state directory"),
            chosen.warnings().toString());
    }

    @Test
    void aFolderTheSandboxSeesIsRefused() throws IOException {
        // A project that holds the user's cache directory (mino run in the home folder, say): the
        // sandbox could read the key there, and the entries with it if the state directory is there too.
        Path project = dir.resolve("home");
        List<SealKeyPlaces.Place> places = places(Map.of());
        AtomicReference<CacheSeal> seal = new AtomicReference<>();
        List<String> warnings = LogCapture.warnings(CacheSeal.class, () -> seal.set(CacheSeal.forPlaces(places,
            Map.of(project, "which the sandbox can read"))));
        assertEquals(Optional.empty(), seal.get().keyFile());
        assertTrue(warnings.get(0).contains(dir.resolve("home/.cache/mino/credential-key") + ": it is inside "
            + project + " (or holds it), which the sandbox can read"), warnings.toString());
        assertFalse(Files.exists(dir.resolve("home/.cache/mino/credential-key")), "nothing was made there");

        // The control: the same place for a sandbox that sees another folder.
        assertTrue(CacheSeal.forPlaces(places, Map.of(dir.resolve("project"), "which the sandbox can read"))
            .keyFile().isPresent());
    }

    @Test
    void aCopyOfTheStateDirectoryAloneDoesNotUnseal() throws IOException {
        Path credentials = state().resolve("credentials");
        CountingProvider aws = new CountingProvider();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CacheSeal seal = choose(places(Map.of())).seal();
        new CredentialCache(credentials, clock, seal).get(aws);
        new CredentialCache(credentials, clock, choose(places(Map.of())).seal()).get(aws);
        assertEquals(1, aws.issued.get(), "the control: this user's next run opens the entry");

        byte[] key = Files.readAllBytes(seal.keyFile().orElseThrow());
        try (Stream<Path> files = Files.walk(state())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = HexFormat.of().formatHex(Files.readAllBytes(file));
                assertFalse(content.contains(HexFormat.of().formatHex(key)), file + " holds the key");
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(TOKEN),
                    file + " holds the token");
            }
        }

        // The state directory restored elsewhere (another machine, another home): a miss, never the token.
        Path restoredState = dir.resolve("restore/home/.local/state/mino");
        copy(state(), restoredState);
        CacheSeal elsewhere = CacheSeal.forPlaces(SealKeyPlaces.of(Map.of(), "Linux", dir.resolve("restore/home"),
            -1, runUser()), Map.of(restoredState, "the state directory"));
        IssuedCredential again = new CredentialCache(restoredState.resolve("credentials"), clock, elsewhere).get(aws);
        assertEquals(2, aws.issued.get(), "minted anew: the copy did not open");
        assertEquals(TOKEN, again.secrets().get("AWS_SESSION_TOKEN"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** A seal with the given key, through a place of ours that holds it. */
    private CacheSeal sealWithKey(byte[] key) throws IOException {
        SealKeyPlaces.Place place = SealKeyPlaces.Place.cacheDirectory(dir.resolve("known"));
        Path file = choose(List.of(place)).seal().keyFile().orElseThrow();
        Files.write(file, key);
        CacheSeal seal = choose(List.of(place)).seal();
        assertEquals(Optional.of(file), seal.keyFile());
        return seal;
    }

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
            return new IssuedCredential("aws", new HashMap<>(Map.of("AWS_SESSION_TOKEN", TOKEN)), Map.of(),
                NOW.plusSeconds(3600));
        }
    }
}
