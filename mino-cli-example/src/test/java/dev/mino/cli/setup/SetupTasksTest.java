package dev.mino.cli.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import dev.mino.cli.images.LocalImage;
import dev.mino.cli.terminal.Io;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.MinoConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code mino setup} finds, offers and does, without changing the machine. */
class SetupTasksTest {
    private static final Path SOCKET = Path.of("/run/user/1000/podman/podman.sock");

    @TempDir
    Path dir;

    private static HostFacts host(long uid, boolean subids, boolean systemd, String containerHost) {
        return new HostFacts(uid == 0 ? "root" : "me", uid, Map.of("PATH", "/nonexistent"),
            OsRelease.parse(List.of("ID=debian", "VERSION_CODENAME=bookworm", "PRETTY_NAME=\"Debian 12\"")),
            Optional.of("apt-get"), subids, subids, uid == 0 ? Path.of("/run/podman/podman.sock") : SOCKET,
            containerHost, systemd);
    }

    @Test
    void osReleaseAndDebianLikeness() {
        OsRelease ubuntu = OsRelease.parse(List.of("# comment", "NAME=\"Ubuntu\"", "ID=ubuntu", "ID_LIKE=debian",
            "VERSION_CODENAME=noble", "PRETTY_NAME='Ubuntu 24.04 LTS'"));
        assertEquals("noble", ubuntu.codename());
        assertEquals("Ubuntu 24.04 LTS", ubuntu.prettyName());
        assertTrue(ubuntu.debianLike());
        OsRelease mint = OsRelease.parse(List.of("ID=linuxmint", "ID_LIKE=\"ubuntu debian\""));
        assertTrue(mint.debianLike());
        assertFalse(OsRelease.parse(List.of("ID=fedora")).debianLike());
        assertFalse(OsRelease.read(dir.resolve("missing")).debianLike());
    }

    @Test
    void theMirrorComesFromTheHostsOwnAptSources() throws Exception {
        String deb822 = String.join("\n", "Types: deb", "# a comment", "URIs: http://mirror.example/debian",
            "Suites: bookworm bookworm-updates", "Components: main", "", "Types: deb",
            "URIs: http://security.example/debian-security", "Suites: bookworm-security", "Components: main", "");
        assertEquals(Optional.of("http://mirror.example/debian"), AptSources.mirror(List.of(deb822), List.of(),
            "bookworm"));
        assertEquals(Optional.of("http://security.example/debian-security"),
            AptSources.mirror(List.of(deb822), List.of(), "bookworm-security"));
        String disabled = "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n";
        assertEquals(Optional.empty(), AptSources.mirror(List.of(disabled), List.of(), "bookworm"));
        String oneLine = String.join("\n", "# deb http://commented.example/ubuntu noble main",
            "deb cdrom:[Ubuntu]/ noble main", "deb-src http://src.example/ubuntu noble main",
            "deb [arch=amd64 signed-by=/usr/share/keyrings/u.gpg] http://archive.example/ubuntu noble main universe");
        assertEquals(Optional.of("http://archive.example/ubuntu"), AptSources.mirror(List.of(), List.of(oneLine),
            "noble"));
        assertEquals(Optional.empty(), AptSources.mirror(List.of(), List.of(oneLine), "jammy"));

        Path apt = Files.createDirectories(dir.resolve("apt/sources.list.d"));
        Files.writeString(apt.resolve("debian.sources"), deb822);
        assertEquals(Optional.of("http://mirror.example/debian"), AptSources.mirror(dir.resolve("apt"), "bookworm"));
    }

    @Test
    void packagesAreInstalledByRootAndOtherwisePrintedWithSudo() {
        assertEquals(List.of("uidmap", "catatonit"), PackagesTask.installedFilter(PackagesTask.APT_PACKAGES,
            "podman install ok installed\nuidmap deinstall ok config-files\nslirp4netns install ok installed\n"
                + "fuse-overlayfs install ok installed\n"));
        assertEquals(List.of("apt-get update", "apt-get install -y podman uidmap"),
            PackagesTask.commands("apt-get", List.of("podman", "uidmap")));
        assertEquals(List.of("dnf install -y podman"), PackagesTask.commands("dnf", List.of("podman")));

        SetupTask.Check user = new PackagesTask(host(1000, true, true, null), new ByteArrayOutputStream()).check();
        assertFalse(user.ok());
        assertFalse(user.canFix(), "a user's packages are root's business");
        assertEquals(List.of("sudo apt-get update", "sudo apt-get install -y " + String.join(" ",
            PackagesTask.APT_PACKAGES)), user.manual());
        SetupTask.Check root = new PackagesTask(host(0, false, false, null), new ByteArrayOutputStream()).check();
        assertTrue(root.canFix());
        assertTrue(root.question().startsWith("Install podman uidmap"), root.question());
    }

    @Test
    void subordinateIdsAreOnlyNeededRootless() {
        assertTrue(new SubordinateIdsTask(host(1000, true, false, null)).check().ok());
        SetupTask.Check missing = new SubordinateIdsTask(host(1000, false, false, null)).check();
        assertFalse(missing.ok());
        assertFalse(missing.canFix());
        assertEquals("sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 me", missing.manual().get(0));
        assertTrue(HostFacts.hasRange(List.of("other:1:2", "me:100000:65536"), "me", 1000));
        assertTrue(HostFacts.hasRange(List.of("1000:100000:65536"), "me", 1000));
        assertFalse(HostFacts.hasRange(List.of("meme:100000:65536"), "me", 1000));
    }

    @Test
    void rootAddsTheContainersRangeThatRootfulSandboxesAreMappedInto() throws Exception {
        Path subuid = Files.writeString(dir.resolve("subuid"), "minotest:100000:65536");
        Path subgid = Files.writeString(dir.resolve("subgid"), "minotest:100000:65536\ncontainers:2147483647:2147483648\n");
        SubordinateIdsTask task = new SubordinateIdsTask(host(0, false, false, null), subuid, subgid);
        SetupTask.Check missing = task.check();
        assertFalse(missing.ok());
        assertTrue(missing.canFix());
        assertTrue(missing.detail().contains(subuid.toString()) && !missing.detail().contains(subgid.toString()),
            missing.detail());
        assertEquals("echo containers:2147483647:2147483648 >> " + subuid, missing.manual().get(0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(task.fix(missing, new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false)));
        assertEquals("minotest:100000:65536\ncontainers:2147483647:2147483648\n", Files.readString(subuid));
        assertEquals("minotest:100000:65536\ncontainers:2147483647:2147483648\n", Files.readString(subgid));
        assertTrue(task.check().ok());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("restart"), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theServiceIsStartedBySystemdOrInTheBackground() {
        assertEquals(List.of("systemctl", "--user", "enable", "--now", "podman.socket"),
            new PodmanServiceTask(host(1000, true, true, null)).startCommand());
        assertEquals(List.of("systemctl", "enable", "--now", "podman.socket"),
            new PodmanServiceTask(host(0, true, true, null)).startCommand());
        assertEquals(List.of("podman", "system", "service", "--time=0", "unix:///run/podman/podman.sock"),
            new PodmanServiceTask(host(0, true, false, null)).startCommand());
        SetupTask.Check absent = new PodmanServiceTask(host(1000, true, false, null)).check();
        assertFalse(absent.ok());
        assertTrue(absent.canFix());
        assertEquals(List.of("podman system service --time=0 unix://" + SOCKET), absent.manual());
        SetupTask.Check elsewhere = new PodmanServiceTask(host(1000, true, false, "unix:///tmp/no-such.sock")).check();
        assertFalse(elsewhere.canFix(), "a CONTAINER_HOST service is someone else's to start");
        assertTrue(elsewhere.detail().contains("CONTAINER_HOST"));
    }

    @Test
    void socketsAreWhereDiscoveryLooks() {
        java.util.function.Predicate<Path> any = p -> true;
        java.util.function.Predicate<Path> none = p -> false;
        assertEquals(Path.of("/tmp/x.sock"), HostFacts.socket(Map.of("CONTAINER_HOST", "unix:///tmp/x.sock"), 1000,
            false, none));
        assertEquals(Path.of("/run/user/1000/podman/podman.sock"), HostFacts.socket(Map.of(), 1000, false, any));
        assertEquals(Path.of("/xdg/podman/podman.sock"), HostFacts.socket(Map.of("XDG_RUNTIME_DIR", "/xdg"), 1000,
            false, any));
        assertEquals(Path.of("/run/podman/podman.sock"), HostFacts.socket(Map.of(), 0, false, none));
        // No runtime directory of the user's, and no systemd to make one: where podman system service puts it.
        assertEquals(Path.of("/tmp/podman-run-1000/podman/podman.sock"), HostFacts.socket(Map.of(), 1000, false, none));
        assertEquals(Path.of("/var/tmp/podman-run-1000/podman/podman.sock"), HostFacts.socket(
            Map.of("TMPDIR", "/var/tmp", "XDG_RUNTIME_DIR", "/run/user/0"), 1000, false, none));
        // With systemd, the runtime directory comes with a login session: the path stays as it was.
        assertEquals(Path.of("/run/user/1000/podman/podman.sock"), HostFacts.socket(Map.of(), 1000, true, none));
    }

    @Test
    void onlyAFolderOfTheUsersAloneIsTakenForTheSocket() throws Exception {
        long me = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        Path mine = Files.createDirectory(dir.resolve("mine"),
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        assertTrue(HostFacts.usersOwn(mine, me));
        assertTrue(HostFacts.usersAlone(mine, me), "positive control");
        assertFalse(HostFacts.usersAlone(mine, me + 1), "someone else's");
        Files.setPosixFilePermissions(mine, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(HostFacts.usersOwn(mine, me));
        assertFalse(HostFacts.usersAlone(mine, me), "others may enter");
        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);
        Files.setPosixFilePermissions(mine, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertFalse(HostFacts.usersOwn(link, me), "a link may point anywhere");
        assertFalse(HostFacts.usersOwn(dir.resolve("missing"), me));
    }

    @Test
    void withoutSystemdAUserWithoutARuntimeDirectoryGetsTheTemporarySocketAndRootsCommands() {
        Path socket = Path.of("/tmp/podman-run-1000/podman/podman.sock");
        HostFacts host = new HostFacts("me", 1000, Map.of("PATH", "/nonexistent"),
            OsRelease.parse(List.of("ID=debian")), Optional.of("apt-get"), true, true, socket, null, false);
        assertTrue(host.withoutRuntimeDirectory());
        PodmanServiceTask task = new PodmanServiceTask(host);
        assertEquals(List.of("podman", "system", "service", "--time=0", "unix://" + socket), task.startCommand());
        SetupTask.Check found = task.check();
        assertFalse(found.ok());
        assertTrue(found.canFix(), "no root needed: " + found);
        assertTrue(found.detail().contains("no runtime directory (/run/user/1000 is missing or not me's; systemd "
            + "makes it at login, and this machine has no systemd)"), found.detail());
        assertEquals("Start the Podman service in the background, its socket in /tmp/podman-run-1000?",
            found.question());
        assertEquals(List.of("(umask 077 && mkdir -p /tmp/podman-run-1000/podman)",
            "setsid podman system service --time=0 unix://" + socket + " &",
            "# or give me the runtime directory systemd would make; as root:",
            "mkdir -p -m 0700 /run/user/1000 && chown me: /run/user/1000",
            "# then, as me (and in ~/.profile): export XDG_RUNTIME_DIR=/run/user/1000; mino setup -y"), found.manual());
        // The ordinary paths are not the fallback.
        assertFalse(host(1000, true, false, null).withoutRuntimeDirectory());
        assertFalse(host(0, true, false, null).withoutRuntimeDirectory());
        assertFalse(new HostFacts("me", 1000, Map.of(), OsRelease.parse(List.of()), Optional.empty(), true, true,
            socket, "unix://" + socket, false).withoutRuntimeDirectory(), "CONTAINER_HOST names it");
    }

    @Test
    void aPullThatReachesNoRegistryIsLabelledAsTheFallbackNotPodmansError() {
        // What Podman 4.3 printed here for fedora:43 with no registry reachable.
        List<String> stderr = List.of("Resolved \"fedora\" as an alias (/etc/containers/registries.conf.d/shortnames.conf)",
            "Trying to pull registry.fedoraproject.org/fedora:43...",
            "Error: initializing source docker://registry.fedoraproject.org/fedora:43: pinging container registry "
                + "registry.fedoraproject.org: Get \"https://registry.fedoraproject.org/v2/\": dial tcp: lookup "
                + "registry.fedoraproject.org on 10.255.255.53:53: no such host");
        assertFalse(stderr.stream().anyMatch(ImagePull::answered));
        String reason = ImagePull.reason(stderr, 125);
        assertTrue(reason.startsWith("initializing source docker://"), reason);
        ImagePull.Outcome unreachable = new ImagePull.Outcome(false, false, reason);
        assertTrue(unreachable.unreachable());
        assertEquals("registry.fedoraproject.org", ImagePull.host(reason));
        String text = DefaultImageTask.fallback("fedora:43", unreachable, false);
        assertEquals("Fallback: no registry answered (registry.fedoraproject.org) for fedora:43; building "
            + LocalImage.NAME + " locally instead", text);
        assertFalse(text.contains("Error") || text.contains("dial tcp"), text);
        assertTrue(DefaultImageTask.fallback("fedora:43", unreachable, true).endsWith("using " + LocalImage.NAME
            + ", which is present, instead"));

        // A registry that answered but had no such image is another story, and says which.
        ImagePull.Outcome unknown = new ImagePull.Outcome(false, true,
            ImagePull.reason(List.of("Trying to pull x", "Getting image source signatures",
                "Error: reading manifest 43 in registry.example/fedora: manifest unknown"), 125));
        assertFalse(unknown.unreachable());
        assertEquals("Fallback: fedora:43 could not be pulled (reading manifest 43 in registry.example/fedora: "
            + "manifest unknown); building " + LocalImage.NAME + " locally instead",
            DefaultImageTask.fallback("fedora:43", unknown, false));
        assertTrue(ImagePull.answered("Copying blob sha256:1234 done"));
        assertEquals("podman pull exited with 125", ImagePull.reason(List.of(), 125));
        assertEquals("", ImagePull.host("manifest unknown"));
    }

    @Test
    void aPullRunsPodmanAndHoldsItsOutputBackUntilARegistryAnswers() throws Exception {
        // A stand-in program (not Podman): what the pull does with output before and after a registry answers.
        Path quiet = Files.writeString(dir.resolve("unreachable"), "#!/bin/sh\necho 'Trying to pull r/x...' >&2\n"
            + "echo 'Error: pinging container registry r: dial tcp: lookup r: no such host' >&2\nexit 125\n");
        Path copying = Files.writeString(dir.resolve("copying"), "#!/bin/sh\necho 'Trying to pull r/x...' >&2\n"
            + "echo 'Getting image source signatures' >&2\necho 'Copying blob 1 done' >&2\necho 0123abcd\n");
        for (Path p : List.of(quiet, copying)) {
            p.toFile().setExecutable(true);
        }
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ImagePull.Outcome failed = ImagePull.run(List.of(quiet.toString()), Map.of("PATH", "/usr/bin:/bin"), shown);
        assertFalse(failed.pulled());
        assertTrue(failed.unreachable(), failed.toString());
        assertEquals("", shown.toString(StandardCharsets.UTF_8), "nothing raw is shown");
        ImagePull.Outcome pulled = ImagePull.run(List.of(copying.toString()), Map.of("PATH", "/usr/bin:/bin"), shown);
        assertTrue(pulled.pulled() && pulled.registryAnswered(), pulled.toString());
        assertEquals("Trying to pull r/x...\nGetting image source signatures\nCopying blob 1 done\n",
            shown.toString(StandardCharsets.UTF_8), "progress is shown once a registry answers, the id is not");
    }

    private static MinoConfig withContainer(String image, List<String> layers) {
        MinoConfig.Container c = MinoConfig.defaults().container();
        return MinoConfig.defaults().withContainer(new MinoConfig.Container(image, c.env(), c.volumes(), c.network(),
            c.workdir(), c.networkAllow(), c.networkPreset(), layers, c.readOnly(), c.baseImage()));
    }

    @Test
    void onlyMinosOwnDefaultImageMayBeReplacedByTheLocalOne() {
        String base = MinoConfig.DEFAULT_BASE_IMAGE;
        assertEquals(new DefaultImageTask.Target(MinoConfig.DEFAULT_IMAGE, true, "container.image"),
            DefaultImageTask.target(MinoConfig.defaults()));
        assertTrue(DefaultImageTask.target(withContainer(LocalImage.NAME, List.of())).replaceable());
        assertEquals(new DefaultImageTask.Target(base, true, "base image"),
            DefaultImageTask.target(withContainer("base", List.of())));
        assertFalse(DefaultImageTask.target(withContainer("docker.io/library/ubuntu:24.04", List.of())).replaceable(),
            "the user chose that one");
        assertEquals(base, DefaultImageTask.target(withContainer("ts", List.of())).image());
        assertFalse(DefaultImageTask.target(withContainer("ts", List.of())).replaceable());
        assertEquals(base, DefaultImageTask.target(withContainer(MinoConfig.DEFAULT_IMAGE, List.of("rust"))).image());
    }

    @Test
    void theLocalRootFileSystemGetsADeveloperAndLosesDeadWeight() throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.createDirectories(rootfs.resolve("var/cache/apt/archives/partial"));
        Files.writeString(rootfs.resolve("var/cache/apt/archives/x.deb"), "deb");
        Files.createDirectories(rootfs.resolve("var/lib/apt/lists/partial"));
        Files.writeString(rootfs.resolve("var/lib/apt/lists/list"), "list");
        Files.createDirectories(rootfs.resolve("dev/pts"));
        LocalImage.addDeveloper(rootfs);
        LocalImage.addDeveloper(rootfs);
        LocalImage.clean(rootfs);
        assertEquals(List.of("root:x:0:0:root:/root:/bin/bash",
            "developer:x:1000:1000:developer:/home/developer:/bin/bash"), Files.readAllLines(rootfs.resolve("etc/passwd")),
            "added once");
        assertEquals(1000, Files.getAttribute(rootfs.resolve("home/developer"), "unix:uid"));
        assertTrue(Files.exists(rootfs.resolve("var/cache/apt/archives/partial")));
        assertFalse(Files.exists(rootfs.resolve("var/cache/apt/archives/x.deb")));
        assertFalse(Files.exists(rootfs.resolve("var/lib/apt/lists/list")));
        assertFalse(Files.exists(rootfs.resolve("dev/pts")));
        assertEquals(Path.of("/var/cache/mino/mino-local-bookworm-r" + LocalImage.RECIPE + ".tar"),
            LocalImage.tarball(LocalImage.CACHE_DIRECTORY, "bookworm"));
        assertEquals(List.of("c", "d"), LocalImage.tail("a\nb\nc\nd\n", 2));
    }

    /** A task that holds, or is fixed when asked. */
    private static class FakeTask implements SetupTask {
        private final String name;
        private boolean holds;
        private final boolean fixable;
        final List<String> calls = new ArrayList<>();

        FakeTask(String name, boolean holds, boolean fixable) {
            this.name = name;
            this.holds = holds;
            this.fixable = fixable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Check check() {
            calls.add("check");
            if (holds) {
                return Check.ok("fine");
            }
            return fixable ? Check.fixable("missing", "Fix " + name + "?", List.of("fix-" + name))
                : Check.manual("missing", List.of("sudo fix-" + name));
        }

        @Override
        public boolean fix(Check found, Renderer out) {
            calls.add("fix");
            holds = true;
            return true;
        }
    }

    private static String runTasks(SetupCommand command, List<SetupTask> tasks, boolean[] issues) {
        // Each reading of the clock is 0.4 s after the last.
        long[] now = {0};
        command.clock = () -> now[0] += 400_000_000L;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer out = new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
        Io io = new Cli().io(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        issues[0] = command.run(tasks, io, out) > 0;
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void yesFixesInOrderAndAFailureBlocksWhatFollows() {
        SetupCommand yes = new SetupCommand();
        yes.yes = true;
        FakeTask first = new FakeTask("First", true, false);
        FakeTask second = new FakeTask("Second", false, true);
        FakeTask third = new FakeTask("Third", false, false);
        FakeTask fourth = new FakeTask("Fourth", false, true);
        boolean[] issues = new boolean[1];
        String text = runTasks(yes, List.of(first, second, third, fourth), issues);
        assertTrue(issues[0]);
        assertTrue(text.contains("[OK] First (fine) (0.4 s)"), "each step says how long it took: " + text);
        assertTrue(text.contains("Fix Second? (auto-approved)"), text);
        assertEquals(List.of("check", "fix", "check"), second.calls);
        assertTrue(text.contains("[OK] Second (fine) (0.4 s)"), "the fix's time: " + text);
        assertTrue(text.contains("[FAIL] Third: missing (0.4 s)\n  $ sudo fix-Third"), text);
        assertTrue(text.contains("[-] Fourth (requires Third)"), text);
        assertEquals(List.of(), fourth.calls, "never looked at once blocked");
    }

    @Test
    void aFixThatFailsSaysSoWithItsTime() {
        SetupCommand yes = new SetupCommand();
        yes.yes = true;
        SetupTask broken = new FakeTask("Broken", false, true) {
            @Override
            public boolean fix(Check found, Renderer out) {
                out.fail("it broke");
                return false;
            }
        };
        boolean[] issues = new boolean[1];
        String text = runTasks(yes, List.of(broken), issues);
        assertTrue(issues[0]);
        assertTrue(text.contains("[FAIL] it broke\n  [FAIL] Broken: not fixed (0.4 s)"), text);
    }

    @Test
    void durationsReadEasily() {
        assertEquals("0.0 s", SetupCommand.seconds(java.time.Duration.ZERO));
        assertEquals("0.4 s", SetupCommand.seconds(java.time.Duration.ofMillis(420)));
        assertEquals("59.9 s", SetupCommand.seconds(java.time.Duration.ofMillis(59_940)));
        assertEquals("2 min 5 s", SetupCommand.seconds(java.time.Duration.ofMillis(125_200)));
    }

    @Test
    void checkOnlyNeverFixesAndWithoutATerminalNothingIsApproved() {
        SetupCommand checkOnly = new SetupCommand();
        checkOnly.check = true;
        FakeTask task = new FakeTask("Thing", false, true);
        boolean[] issues = new boolean[1];
        String text = runTasks(checkOnly, List.of(task), issues);
        assertTrue(issues[0]);
        assertEquals(List.of("check"), task.calls);
        assertTrue(text.contains("[FAIL] Thing: missing (0.4 s)\n  $ fix-Thing"), text);

        FakeTask asked = new FakeTask("Asked", false, true);
        text = runTasks(new SetupCommand(), List.of(asked), issues);
        assertEquals(List.of("check"), asked.calls, "nobody at a terminal means no");
        assertTrue(text.contains("$ fix-Asked"), "the command is shown instead: " + text);
    }

    @Test
    void theFirewallImageIsBuiltOnlyFromMinosOwnImagesAndAnUnreachableEngineIsNoFix() {
        assertEquals(List.of(LocalImage.NAME, MinoConfig.DEFAULT_IMAGE), FirewallImageTask.BASES,
            "never an image a configuration names");
        List<String> asked = new ArrayList<>();
        HostFacts host = new HostFacts("me", 1000, Map.of("PATH", "/nonexistent"), OsRelease.parse(List.of("ID=debian")),
            Optional.of("apt-get"), true, true, dir.resolve("no-podman.sock"), null, true);
        FirewallImageTask task = new FirewallImageTask(host, dir.resolve("state"), dev.mino.core.SandboxListener.NONE,
            "mino", image -> asked.add(image));
        assertEquals("Firewall image", task.name());
        SetupTask.Check found = task.check();
        assertFalse(found.ok());
        assertFalse(found.canFix(), "nothing to build on without the engine: " + found);
        assertTrue(found.detail().contains("no-podman.sock"), found.detail());
        assertEquals(List.of(), asked, "the engine is asked for the pin before any base is looked for");
    }
}
