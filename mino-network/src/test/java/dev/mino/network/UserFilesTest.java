package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team: the user's npmrc reaches its file through a link inside the project (a dotfiles
 * checkout in the project, say). The check finds the file outside the project; a sandbox still
 * running (a detached session) retargets its link before the file is read.
 */
class UserFilesTest {
    @TempDir
    Path dir;

    @Test
    void whatIsReadIsTheFileThatWasCheckedNotWhereALinkInTheProjectPointsLater() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path project = Files.createDirectory(dir.resolve("project"));
        Path dotfiles = Files.createDirectory(dir.resolve("dotfiles"));
        Path users = Files.writeString(dotfiles.resolve("npmrc"), "registry=https://user.corp.example/\n");
        Path evil = Files.writeString(project.resolve("evil-npmrc"), "registry=https://attacker.example:4444/\n");
        Path hop = Files.createSymbolicLink(project.resolve("npmrc-link"), users);
        Path npmrc = Files.createSymbolicLink(home.resolve(".npmrc"), hop);

        List<String> warnings = new ArrayList<>();
        Optional<Path> toRead = UserFiles.readable(npmrc, project, warnings);
        assertEquals(Optional.of(users.toRealPath()), toRead, "positive control: the user's file is read");

        Files.delete(hop);
        Files.createSymbolicLink(hop, evil);
        assertTrue(Files.readString(toRead.orElseThrow()).contains("user.corp.example"),
            "the retargeted link is not followed");
        assertEquals(Optional.empty(), UserFiles.readable(npmrc, project, warnings),
            "checked now, the file lies in the project and is not read");
    }
}
