package dev.mino.cli.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.testing.Launcher;
import dev.mino.core.config.MinoConfig;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mino setup} for a user without a runtime directory on a machine without systemd (issue
 * #16: it used to stop at "Cannot prepare /run/user/<uid>/podman ... loginctl enable-linger"),
 * as a throwaway user the test creates, with only the environment a login through {@code su}
 * gives: no XDG_RUNTIME_DIR, no CONTAINER_HOST, an empty image store. The user's own rootless
 * Podman service is started by setup itself, on the socket Podman uses without a runtime
 * directory, and {@code run} finds it.
 */
@RequiresPodman
class RootlessSetupIT {
    private static final Pattern STEP_TIME = Pattern.compile(" \\((\\d+\\.\\d s|\\d+ min \\d+ s)\\)$");

    private static Path cli;

    /** The CLI as the user can read it: the build's jar and libraries, copied out of the checkout. */
    @BeforeAll
    static void prerequisites() throws IOException {
        Prerequisites.requireRoot("creating a throwaway user needs root");
        Prerequisites.require(!Files.isDirectory(Path.of("/run/systemd/system")),
            "a machine without systemd (with it, a login makes the runtime directory)");
        Path target = Launcher.find().getParent().resolve("mino-cli-example").resolve("target");
        Path jar = target.resolve("mino-cli-example-0.1.0-SNAPSHOT.jar");
        Prerequisites.require(Files.isRegularFile(jar), "the CLI's jar (mvn package)");
        cli = TestDirectories.create("mino-rootless-setup-cli");
        Files.copy(jar, cli.resolve("mino.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path lib = Files.createDirectories(cli.resolve("lib"));
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            for (Path each : jars.toList()) {
                Files.copy(each, lib.resolve(each.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // Readable by every user, writable by none but root.
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The local image's root file system is root's to build (setup tells a user so); here, as
        // setup would tell the user to, root makes it first (at once when cached).
        ThrowawayUser.root(List.of(java(), "-jar", cli.resolve("mino.jar").toString(), "setup", "--rootfs-only"));
    }

    @AfterAll
    static void removeCli() {
        TestDirectories.delete(cli);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ThrowawayUser.Result mino(ThrowawayUser user, String... args) {
        String[] command = Stream.concat(Stream.of(java(), "-Dmino.launcher=mino", "-jar",
            cli.resolve("mino.jar").toString()), Stream.of(args)).toArray(String[]::new);
        return user.run(Duration.ofMinutes(10), Map.of(), command);
    }

    @Test
    void aUserWithoutARuntimeDirectoryIsSetUpWithoutRootAndRunsHello() throws Exception {
        try (ThrowawayUser user = ThrowawayUser.create("setup")) {
            Path runDir = Path.of("/tmp/podman-run-" + user.uid());
            Path socket = runDir.resolve("podman/podman.sock");
            String runtimeDir = "/run/user/" + user.uid();
            assertFalse(Files.exists(Path.of(runtimeDir)), "the user has no runtime directory");

            // --check: says why, what it would do, and what root could do instead; changes nothing.
            ThrowawayUser.Result check = mino(user, "setup", "--check");
            assertEquals(0, check.exitCode(), check.toString());
            String out = check.stdout();
            assertTrue(out.contains("[FAIL] Podman service: " + socket + " does not answer; there is no runtime "
                + "directory (" + runtimeDir + " is missing or not " + user.name() + "'s; systemd makes it at login, "
                + "and this machine has no systemd)"), check.toString());
            assertTrue(out.contains("  $ (umask 077 && mkdir -p " + runDir + "/podman)\n  $ setsid podman system service "
                + "--time=0 unix://" + socket + " &\n"), check.toString());
            assertTrue(out.contains("\n  # or give " + user.name() + " the runtime directory systemd would make; as root:\n"),
                check.toString());
            assertTrue(out.contains("  $ mkdir -p -m 0700 " + runtimeDir + " && chown " + user.name() + ": "
                + runtimeDir + "\n"), check.toString());
            assertTrue(out.contains("export XDG_RUNTIME_DIR=" + runtimeDir), check.toString());
            assertTrue(out.contains("[-] Default image (requires Podman service)"), check.toString());
            assertFalse(out.contains("loginctl"), "no advice that needs systemd: " + check);
            assertFalse(Files.exists(socket), "check mode starts nothing");

            // The commands it printed for the user work as printed: the service answers where setup looks.
            List<String> printed = out.lines().dropWhile(l -> !l.startsWith("  [FAIL] Podman service: ")).skip(1)
                .takeWhile(l -> l.startsWith("  $ ")).map(l -> l.substring(4)).toList();
            assertEquals(2, printed.size(), check.toString());
            ThrowawayUser.Result byHand = user.run(Duration.ofMinutes(1), Map.of(), "bash", "-c",
                "exec </dev/null >/dev/null 2>&1\n" + String.join("\n", printed));
            assertEquals(0, byHand.exitCode(), byHand.toString());
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(200);
            }
            ThrowawayUser.Result found = mino(user, "setup", "--check");
            assertTrue(found.stdout().contains("[OK] Podman service (unix://" + socket + ", Podman 4."), found.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir)),
                "the folder the printed commands made is the user's alone");
            user.endProcesses();

            // Another local user made the folder first, to serve a fake Podman there: setup will not use it.
            ThrowawayUser.root(List.of("rm", "-rf", runDir.toString()));
            Files.createDirectory(runDir);
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setAttribute(runDir, "unix:uid", 65534);
            ThrowawayUser.Result planted = mino(user, "setup", "-y");
            assertEquals(1, planted.exitCode(), planted.toString());
            assertTrue(planted.stdout().contains("[FAIL] " + runDir + " is not a folder of " + user.name()
                + "'s alone (mode 0700): someone else may have made it; mino does not use it"), planted.toString());
            assertTrue(planted.stdout().contains("$ mkdir -p -m 0700 " + runtimeDir), planted.toString());
            assertFalse(Files.exists(socket), "no service was started there: " + planted);
            // ... nor through a link to a folder of theirs.
            Files.delete(runDir);
            Path elsewhere = Files.createDirectory(Path.of("/tmp/mino-planted-" + user.uid()));
            try {
                Files.setAttribute(elsewhere, "unix:uid", 65534);
                Files.createSymbolicLink(runDir, elsewhere);
                ThrowawayUser.Result linked = mino(user, "setup", "-y");
                assertEquals(1, linked.exitCode(), linked.toString());
                assertTrue(linked.stdout().contains("is not a folder of " + user.name() + "'s alone"), linked.toString());
                assertFalse(Files.exists(elsewhere.resolve("podman")), "nothing was made in the planted folder");
            } finally {
                Files.deleteIfExists(runDir);
                Files.deleteIfExists(elsewhere);
            }

            // The positive control: with nothing planted, the same command sets everything up.
            ThrowawayUser.Result setup = mino(user, "setup", "-y");
            assertEquals(0, setup.exitCode(), setup.toString());
            out = setup.stdout();
            assertTrue(out.contains("[INFO] Fallback: no runtime directory, so the service's socket is " + socket
                + ", where mino finds it"), setup.toString());
            assertTrue(out.contains("[OK] Podman service (unix://" + socket + ", Podman 4."), setup.toString());
            assertTrue(out.contains(", rootless) ("), setup.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir)),
                "the folder setup made is the user's alone");
            // No registry answers here: the local image stands in, said as such, without Podman's raw error.
            assertTrue(out.contains("[INFO] Fallback: no registry answered") || out.contains("[OK] Default image ("
                + MinoConfig.DEFAULT_IMAGE), setup.toString());
            assertFalse((out + setup.stderr()).contains("Error: initializing source"), setup.toString());
            for (String step : List.of("Podman", "Subordinate ids", "Podman service", "Default image",
                "Firewall image")) {
                String line = out.lines().filter(l -> l.startsWith("  [OK] " + step + " (")).findFirst()
                    .orElseThrow(() -> new AssertionError(step + " is not OK: " + setup));
                assertTrue(STEP_TIME.matcher(line).find(), "each step says how long it took: " + line);
            }
            assertTrue(out.contains("[OK] Setup complete!"), setup.toString());

            ThrowawayUser.Result hello = mino(user, "run", "--", "echo", "hello");
            assertEquals(0, hello.exitCode(), hello.toString());
            assertEquals("hello\n", hello.stdout(), hello.toString());
        }
    }
}
