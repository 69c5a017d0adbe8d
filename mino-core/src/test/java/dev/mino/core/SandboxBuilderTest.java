package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is rejected by the builder, with a message naming it and a hint, before anything exists. */
class SandboxBuilderTest {
    @TempDir
    static Path tmp;
    private static Path project;

    @BeforeEach
    void createProject() throws IOException {
        project = Files.createDirectories(tmp.resolve("my-app")).toRealPath();
    }

    /** Each row: what is wrong, the setting that does it, and a word the message must contain. */
    static Stream<Arguments> badInput() {
        String longName = "n".repeat(65);
        return Stream.of(
            row("empty image", b -> b.image(""), "image reference is empty"),
            row("image with spaces", b -> b.image("my image"), "'my image'"),
            row("image in upper case", b -> b.image("Ubuntu"), "'Ubuntu'"),
            row("image with a bad tag", b -> b.image("debian:"), "'debian:'"),
            row("no image at all", SandboxBuilder::build, "no image is set"),
            row("relative project", b -> b.project(Path.of("rel/dir")), "is relative"),
            row("missing project", b -> b.project(tmp.resolve("absent")), "does not exist"),
            row("project is a file", b -> b.project(file()), "not a directory"),
            row("env key with =", b -> b.env("A=B", "x"), "'A=B'"),
            row("empty env key", b -> b.env("", "x"), "name is empty"),
            row("env key starting with a digit", b -> b.env("1A", "x"), "'1A'"),
            row("env value with NUL", b -> b.env("A", "x\0y"), "NUL"),
            row("env value with a newline", b -> b.env("A", "x\ny"), "line break"),
            row("very long env value", b -> b.env("A", "x".repeat(200_000)), "characters long"),
            row("container path not absolute", b -> b.volume(project.toString(), "data"), "not absolute"),
            row("container path with ..", b -> b.volume(project.toString(), "/data/../etc"), "'..'"),
            row("container path /", b -> b.volume(project.toString(), "/"), "whole image"),
            row("container path with :", b -> b.volume(project.toString(), "/a:b"), "':'"),
            row("relative host path", b -> b.volume("data", "/data"), "is relative"),
            row("missing host path", b -> b.volume(tmp.resolve("nope").toString(), "/data"), "does not exist"),
            row("name with /", b -> b.name("a/b"), "path separators"),
            row("name with space", b -> b.name("a b"), "alphanumeric"),
            row("name too long", b -> b.name(longName), "64"),
            row("empty name", b -> b.name(""), "empty"),
            row("command argument with NUL", b -> b.command("echo", "a\0b"), "NUL"),
            row("reserved label", b -> b.label("dev.mino.managed", "false"), "not allowed"),
            row("engine that is not a URI scheme we know", b -> b.engine("http://localhost"), "unsupported scheme"),
            row("OrbStack VM name that would be an option", b -> b.engine("orbstack://-rf"), "usable OrbStack VM"),
            row("OrbStack address with a user", b -> b.engine("orbstack://me@mino"), "takes a VM name only"),
            row("configured OrbStack VM that would be an option", b -> b.config(vmConfig("--help", "fedora"))
                .engine("orbstack:").build(), "vm.name '--help'"),
            row("configured OrbStack distribution that would be an option", b -> b.config(vmConfig("mino", "-x"))
                .engine("orbstack://other").build(), "vm.distro '-x'"),
            row("relative state directory", b -> b.stateDirectory(Path.of("state")), "is relative"),
            row("two mounts at one path", b -> b.volume(project.toString(), "/data")
                .volume(project.toString(), "/data").image("x").build(), "same container path"),
            row("volume without a container path", b -> b.volume(project.toString()), "HOST:CONTAINER"),
            row("volume with a bad mode", b -> b.volume(project + ":/data:rx"), "HOST:CONTAINER"),
            row("mount over the project", b -> b.volume(project.toString(), "/my-app").image("x").build(),
                "same container path"));
    }

    private static dev.mino.core.config.MinoConfig vmConfig(String name, String distro) {
        return dev.mino.core.config.MinoConfig.defaults().withVm(new dev.mino.core.config.MinoConfig.Vm(name, distro));
    }

    private static Arguments row(String what, Consumer<SandboxBuilder> setting, String expected) {
        return Arguments.of(what, setting, expected);
    }

    private static Path file() {
        try {
            return Files.writeString(tmp.resolve("a-file"), "x");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void rejectsBadInputWithAMessageAndAHint(String what, Consumer<SandboxBuilder> setting, String expected) {
        SandboxBuilder builder = Sandbox.builder().project(project);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> setting.accept(builder));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertFalse(e.hint().isBlank(), what + ": a hint is given");
        assertFalse(e.getMessage().contains("\0") || e.getMessage().contains("\n"),
            what + ": the message quotes control characters escaped");
    }

    @Test
    void buildsAnImmutableSpecWithTheProjectAsWorkdir() {
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1.0").command("make", "test")
            .env("A", "1").volume(project.toString(), "/data/").build();
        assertEquals("/my-app", spec.workdir());
        assertEquals(List.of("make", "test"), spec.command());
        assertEquals("/data", spec.mounts().get(0).containerPath());
        assertThrows(UnsupportedOperationException.class, () -> spec.env().put("B", "2"));
        assertThrows(UnsupportedOperationException.class, () -> spec.command().add("x"));
    }

    @Test
    void appliesALoadedConfigurationAndLetsLaterSettersOverrideIt() {
        dev.mino.core.config.MinoConfig defaults = dev.mino.core.config.MinoConfig.defaults();
        dev.mino.core.config.MinoConfig config = defaults
            .withContainer(new dev.mino.core.config.MinoConfig.Container("localhost/from-config:1",
                java.util.Map.of("FROM_CONFIG", "yes"), List.of(project + ":/data:ro"), "bridge", "/src",
                List.of(), java.util.Optional.empty(), List.of(), true, defaults.container().baseImage()))
            .withGeneral(new dev.mino.core.config.MinoConfig.General(false, "text", false, true));
        SandboxSpec spec = Sandbox.builder().project(project).config(config).env("LATER", "1").build();
        assertEquals("localhost/from-config:1", spec.image());
        assertEquals("yes", spec.env().get("FROM_CONFIG"));
        assertEquals("1", spec.env().get("LATER"));
        assertEquals("/data", spec.mounts().get(0).containerPath());
        assertTrue(spec.mounts().get(0).readOnly());
        assertEquals("/src", spec.workdir());
        assertTrue(spec.readOnly());
        assertFalse(spec.auditLog());

        SandboxSpec overridden = Sandbox.builder().project(project).config(config).image("localhost/cli:2")
            .readOnly(false).build();
        assertEquals("localhost/cli:2", overridden.image());
        assertFalse(overridden.readOnly());
    }

    @Test
    void orbStackWithoutAVmNameMeansTheConfiguredVm() {
        assertEquals("orbstack://mino", Sandbox.builder().project(project).image("x").engine("orbstack:").build()
            .engine());
        assertEquals("orbstack://dev", Sandbox.builder().project(project).config(vmConfig("dev", "ubuntu"))
            .image("x").engine("orbstack://").build().engine());
        assertEquals("orbstack://work", Sandbox.builder().project(project).config(vmConfig("dev", "ubuntu"))
            .image("x").engine("orbstack://work").build().engine());
        // A VM that could not be an orb argument only matters where OrbStack is used.
        assertEquals("unix:///run/podman/podman.sock", Sandbox.builder().project(project)
            .config(vmConfig("--bad", "fedora")).image("x").engine("unix:///run/podman/podman.sock").build().engine());
    }

    @Test
    void blockedFolderNamesAreMountedAtWorkspace() throws IOException {
        for (String name : List.of("etc", "usr", "tmp", "workspace", "ssh-agent")) {
            Path dir = Files.createDirectories(tmp.resolve(name));
            assertEquals("/workspace", Sandbox.builder().project(dir).image("x").build().workdir(), name);
        }
        Path odd = Files.createDirectories(tmp.resolve("My App:2"));
        assertEquals("/My App:2", Sandbox.builder().project(odd).image("x").build().workdir());
    }

    @Test
    void aSymlinkedProjectIsResolvedToItsRealPath() throws IOException {
        Path link = tmp.resolve("link-to-app");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, project);
        SandboxSpec spec = Sandbox.builder().project(link).image("x").build();
        assertEquals(project, spec.project());
        assertEquals("/my-app", spec.workdir());
    }

    @Test
    void acceptsCommonImageReferences() {
        for (String ref : List.of("debian", "debian:12", "localhost/tools:1.0", "localhost:5000/a/b:c",
            "docker.io/library/node:20-slim", "registry.example.com/team/app@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")) {
            assertEquals(ref, Sandbox.builder().project(project).image(ref).build().image());
        }
    }
}
