package dev.mino.core.internal.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a folder of this user's alone: anything another local user could prepare does not. */
class PrivateFoldersTest {
    @TempDir
    Path dir;

    @Test
    void aNewFolderIsMadePrivateAndCounts() {
        Path folder = dir.resolve("a/b");
        assertTrue(PrivateFolders.ensureUsersAlone(folder), "made 0700 by this user: the positive control");
        assertTrue(PrivateFolders.isUsersAlone(folder));
    }

    @Test
    void anOpenFolderOrALinkToAPrivateOneDoesNotCountAndIsNotChanged() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(PrivateFolders.ensureUsersAlone(open));
        assertTrue(Files.getPosixFilePermissions(open).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
            "an existing folder is judged, not changed");

        Path real = dir.resolve("real");
        assertTrue(PrivateFolders.ensureUsersAlone(real));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertFalse(PrivateFolders.isUsersAlone(link), "a link could have been planted to point anywhere");
        assertFalse(PrivateFolders.ensureUsersAlone(link));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aPrivateFolderOfAnotherUserDoesNotCount() throws Exception {
        Prerequisites.requireRoot("only root can give a folder to another user");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        assertTrue(PrivateFolders.isUsersAlone(theirs), "the control: while it is ours, it counts");
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
        assertFalse(PrivateFolders.isUsersAlone(theirs));
        assertTrue(Files.isDirectory(theirs, LinkOption.NOFOLLOW_LINKS));
    }
}
