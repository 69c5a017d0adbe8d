package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mino.core.ImageBuildException;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.PodmanNotFoundException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.TestTar;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Layers composed onto a local base image through Podman's build endpoint, built once and reused. */
@RequiresPodman
@Timeout(300)
class LayersIT extends SandboxFolders {
    private static PodmanClient podman;
    private final List<String> builtTags = new CopyOnWriteArrayList<>();
    /** Base images a test built, removed after the composed images built on them. */
    private final List<String> baseImages = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @AfterEach
    void cleanUp() {
        builtTags.forEach(tag -> podman.images().remove(tag, true));
        baseImages.forEach(id -> podman.images().remove(id, true));
    }

    /** A project-local layer whose install script writes a file; the run makes it unique to this test. */
    private void writeLayer(String name, String installScript) throws IOException {
        Path dir = Files.createDirectories(project.resolve(".mino/layers/" + name));
        Files.writeString(dir.resolve("layer.toml"), String.join("\n",
            "[layer]", "name = \"" + name + "\"", "description = \"test layer\"", "version = \"1\"", "",
            "[env]", "HELLO_ENV = \"from-layer\"", ""));
        Files.writeString(dir.resolve("install.sh"), installScript);
    }

    private SandboxBuilder builder(List<String> heard) {
        return Sandbox.builder().engine(TestPodman.address().uri()).project(project).stateDirectory(state)
            .baseImage(TestPodman.BUSYBOX_IMAGE).trustProjectLayers(true)
            .listener(new SandboxListener() {
                @Override
                public void onBuildOutput(String line) {
                    heard.add(line);
                }
            });
    }

    @Test
    void composesALayerOnceAndReusesTheImage() throws IOException {
        String run = UUID.randomUUID().toString();
        writeLayer("hello", "#!/bin/sh\necho built-by-layer-" + run + " > /hello-layer\n");
        List<String> firstBuild = new CopyOnWriteArrayList<>();
        String image;
        try (Sandbox sb = builder(firstBuild).layers("hello")
            .command("sh", "-c", "cat /hello-layer; echo $HELLO_ENV; id -u").start()) {
            image = sb.spec().image();
            builtTags.add(image);
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            assertEquals("built-by-layer-" + run + "\nfrom-layer\n1000\n", sb.logs().stdout());
        }
        assertTrue(image.startsWith("mino-composed-"), image);
        assertTrue(firstBuild.stream().anyMatch(l -> l.startsWith("STEP 1/")), firstBuild.toString());
        assertTrue(podman.images().list(null).stream().anyMatch(i -> "true".equals(i.labels().get("dev.mino.managed"))
            && i.repoTags().stream().anyMatch(t -> t.contains(image))), "the composed image is labelled");

        List<String> secondBuild = new CopyOnWriteArrayList<>();
        try (Sandbox sb = builder(secondBuild).layers("hello").command("cat", "/hello-layer").start()) {
            assertEquals(image, sb.spec().image());
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
        }
        assertEquals(List.of(), secondBuild, "an existing tag is reused without a build");
    }

    @Test
    void aLayerEnvValueCannotSetASecondVariable() throws IOException {
        // Red team: an unquoted ENV value was split by the Containerfile parser at a no-break space,
        // so FOO = "x<U+00A0>INJECTED=yes" also set INJECTED, which the manifest does not name.
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(project.resolve(".mino/layers/splitter"));
        Files.writeString(dir.resolve("layer.toml"), "[layer]\nname = \"splitter\"\ndescription = \"d\"\n"
            + "version = \"" + run + "\"\n[env]\nFOO = \"x\\u00A0INJECTED=yes\"\n");
        Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\ntrue\n");
        try (Sandbox sb = builder(new CopyOnWriteArrayList<>()).layers("splitter")
            .command("sh", "-c", "echo \"FOO=[$FOO]\"; echo \"INJECTED=[${INJECTED-unset}]\"").start()) {
            builtTags.add(sb.spec().image());
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            assertEquals("FOO=[x\u00A0INJECTED=yes]\nINJECTED=[unset]\n", sb.logs().stdout(),
                "the positive control: FOO holds the manifest's whole value");
        }
    }

    @Test
    void twoLayersComposeWithBothEnvsAndPathPrependsAndTheSecondRunBuildsNothing() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("alpha", "beta")) {
            Path dir = Files.createDirectories(project.resolve(".mino/layers/" + name));
            Files.writeString(dir.resolve("layer.toml"), String.join("\n",
                "[layer]", "name = \"" + name + "\"", "description = \"test layer\"", "version = \"1\"", "",
                "[env]", name.toUpperCase() + "_ENV = \"" + name + "-" + run + "\"", "",
                "[env.path_prepend]", "dirs = [\"/opt/" + name + "/bin\"]", ""));
            Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\nmkdir -p /opt/" + name + "/bin\n");
        }
        List<String> firstBuild = new CopyOnWriteArrayList<>();
        String image;
        // Only shell built-ins: the busybox base sets no PATH of its own for the prepend to keep.
        try (Sandbox sb = builder(firstBuild).layers("beta", "alpha")
            .command("/bin/sh", "-c", "echo $ALPHA_ENV $BETA_ENV; echo $PATH").start()) {
            image = sb.spec().image();
            builtTags.add(image);
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            String[] lines = sb.logs().stdout().split("\n");
            assertEquals("alpha-" + run + " beta-" + run, lines[0]);
            assertTrue(lines[1].startsWith("/opt/beta/bin:/opt/alpha/bin"), lines[1]);
        }
        assertTrue(firstBuild.stream().anyMatch(l -> l.startsWith("STEP 1/")), firstBuild.toString());
        List<String> secondBuild = new CopyOnWriteArrayList<>();
        try (Sandbox sb = builder(secondBuild).layers("alpha", "beta").command("/bin/sh", "-c", "true").start()) {
            assertEquals(image, sb.spec().image(), "the order of layers does not change the image");
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
        }
        assertEquals(List.of(), secondBuild, "the second run builds nothing");
    }

    @Test
    void prepareImageBuildsAheadOfTheStartAndOnlyOnce() throws IOException {
        String run = UUID.randomUUID().toString();
        writeLayer("ahead", "#!/bin/sh\necho prepared-" + run + " > /ahead\n");
        List<String> firstBuild = new CopyOnWriteArrayList<>();
        String image = builder(firstBuild).layers("ahead").prepareImage();
        builtTags.add(image);
        assertTrue(image.startsWith("mino-composed-"), image);
        assertTrue(podman.images().exists(image), "built by prepareImage, before any start");
        assertTrue(firstBuild.stream().anyMatch(l -> l.startsWith("STEP 1/")), firstBuild.toString());

        List<String> again = new CopyOnWriteArrayList<>();
        assertEquals(image, builder(again).layers("ahead").prepareImage());
        try (Sandbox sb = builder(again).layers("ahead").command("cat", "/ahead").start()) {
            assertEquals(image, sb.spec().image());
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            assertEquals("prepared-" + run + "\n", sb.logs().stdout());
        }
        assertEquals(List.of(), again, "neither the second prepare nor the start builds");
    }

    @Test
    void prepareImageOfAMissingPlainImageSaysSoAndCreatesNothing() throws IOException {
        String missing = "localhost/mino-it-missing-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        PodmanNotFoundException e = assertThrows(PodmanNotFoundException.class,
            () -> builder(new CopyOnWriteArrayList<>()).image(missing).prepareImage());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertTrue(e.hint().contains("podman pull"), e.hint());
        assertEquals(TestPodman.BUSYBOX_IMAGE, builder(new CopyOnWriteArrayList<>()).image(TestPodman.BUSYBOX_IMAGE)
            .prepareImage());
        try (java.util.stream.Stream<Path> files = Files.walk(state)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "prepareImage records no session");
        }
    }

    @Test
    void aFailingInstallScriptRaisesTheBuildsLastLines() throws IOException {
        writeLayer("broken", "#!/bin/sh\necho about-to-fail-" + UUID.randomUUID() + "\nexit 3\n");
        ImageBuildException e = assertThrows(ImageBuildException.class,
            () -> builder(new CopyOnWriteArrayList<>()).layers("broken").command("true").start());
        assertTrue(e.getMessage().contains("Image build failed for 'mino-composed-"), e.getMessage());
        assertTrue(e.lastOutput().stream().anyMatch(l -> l.contains("about-to-fail")), e.lastOutput().toString());
        assertTrue(e.lastOutput().size() <= 50);
    }

    @Test
    void aBuildThatFailsWithoutNetworkSaysWhyItHadNone() throws IOException {
        writeLayer("fetcher", "#!/bin/sh\n# " + UUID.randomUUID() + "\ntimeout 5 wget -q -O /x http://127.0.0.1:9/ "
            + "|| exit 4\n");
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> builder(new CopyOnWriteArrayList<>())
            .layers("fetcher").network(NetworkPolicy.none()).command("true").start());
        assertTrue(e.hint().contains("without network") && e.hint().contains("none"), e.hint());
    }

    @Test
    void projectLayersNeedATrustedProject() throws IOException {
        writeLayer("hello", "#!/bin/sh\ntrue\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> builder(new CopyOnWriteArrayList<>()).trustProjectLayers(false).layers("hello").command("true")
                .start());
        assertTrue(e.getMessage().contains("Layer 'hello' not found"), e.getMessage());
    }

    /**
     * The sandbox writes the project: it can link a layer's file or folder to a host file (a
     * private key, say) for the next run's build to copy into the image. Refused before any build;
     * {@link #composesALayerOnceAndReusesTheImage()} is the positive control.
     */
    @Test
    void linkedLayerFilesAndFoldersAreRefusedBeforeAnyBuild() throws IOException {
        Path outside = TestDirectories.create("mino-it-outside");
        try {
            Files.writeString(outside.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY----- host secret\n");
            writeLayer("linked", "#!/bin/sh\ntrue\n");
            Path dir = project.resolve(".mino/layers/linked");
            Files.delete(dir.resolve("install.sh"));
            Files.createSymbolicLink(dir.resolve("install.sh"), outside.resolve("id_ed25519"));
            assertRefusedWithoutBuild(dir.resolve("install.sh"));

            Files.delete(dir.resolve("install.sh"));
            Files.writeString(dir.resolve("install.sh"), "#!/bin/sh\ntrue\n");
            Files.move(dir.resolve("layer.toml"), outside.resolve("layer.toml"));
            Files.createSymbolicLink(dir.resolve("layer.toml"), outside.resolve("layer.toml"));
            assertRefusedWithoutBuild(dir.resolve("layer.toml"));

            Path elsewhere = Files.createDirectories(outside.resolve("layers"));
            Files.move(dir, elsewhere.resolve("linked"));
            Files.move(outside.resolve("layer.toml"), elsewhere.resolve("linked/layer.toml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.createSymbolicLink(dir, elsewhere.resolve("linked"));
            assertRefusedWithoutBuild(dir);

            Files.delete(dir);
            Files.delete(project.resolve(".mino/layers"));
            Files.createSymbolicLink(project.resolve(".mino/layers"), elsewhere);
            assertRefusedWithoutBuild(project.resolve(".mino/layers"));

            Files.delete(project.resolve(".mino/layers"));
            Files.delete(project.resolve(".mino"));
            Files.createSymbolicLink(project.resolve(".mino"), outside);
            assertRefusedWithoutBuild(project.resolve(".mino"));
        } finally {
            TestDirectories.delete(outside);
        }
    }

    private void assertRefusedWithoutBuild(Path link) {
        List<String> heard = new CopyOnWriteArrayList<>();
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> builder(heard).layers("linked").command("true").start());
        assertTrue(e.getMessage().contains(link + ": it is a symbolic link"), e.getMessage());
        assertTrue(e.hint().startsWith("Replace the link with a regular file"), e.hint());
        assertEquals(List.of(), heard, "refused before any build");
    }

    /** Builds {@code tag} from the busybox image with a file that says which build it is; returns its id. */
    private String buildBase(String tag, String version) {
        String id = podman.images().build(new ByteArrayInputStream(TestTar.of(Map.of("Containerfile",
            "FROM " + TestPodman.BUSYBOX_IMAGE + "\nRUN echo " + version + " > /base-version\n"))), tag,
            Map.of("dev.mino.test", "true"), line -> { });
        baseImages.add(id);
        return id;
    }

    private String runCat(SandboxBuilder builder, String file) {
        try (Sandbox sb = builder.command("cat", file).start()) {
            builtTags.add(sb.spec().image());
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)), sb.logs().stderr());
            return sb.spec().image() + " " + sb.logs().stdout().strip();
        }
    }

    @Test
    void aBaseImageRebuiltUnderTheSameNameGetsANewComposedImage() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String base = "localhost/mino-it-base-" + run + ":latest";
        String firstBase = buildBase(base, "first-" + run);
        writeLayer("seen", "#!/bin/sh\ncat /base-version > /seen-base\n");

        List<String> firstBuild = new CopyOnWriteArrayList<>();
        String first = runCat(builder(firstBuild).baseImage(base).layers("seen"), "/seen-base");
        String firstImage = first.split(" ")[0];
        assertEquals(firstImage + " first-" + run, first);
        assertTrue(firstBuild.stream().anyMatch(l -> l.startsWith("STEP 1/")), firstBuild.toString());

        // The positive control: with the base unchanged, the composed image is reused, nothing built.
        List<String> unchanged = new CopyOnWriteArrayList<>();
        assertEquals(first, runCat(builder(unchanged).baseImage(base).layers("seen"), "/seen-base"));
        assertEquals(List.of(), unchanged, "an unchanged base reuses the composed image");

        // The same name, another image: the composition must notice and build on the new one.
        String secondBase = buildBase(base, "second-" + run);
        assertNotEquals(firstBase, secondBase);
        List<String> rebuilt = new CopyOnWriteArrayList<>();
        String second = runCat(builder(rebuilt).baseImage(base).layers("seen"), "/seen-base");
        String secondImage = second.split(" ")[0];
        assertNotEquals(firstImage, secondImage, "a new base, a new composed image");
        assertEquals(secondImage + " second-" + run, second, "built on the new base");
        assertTrue(rebuilt.stream().anyMatch(l -> l.startsWith("STEP 1/")), rebuilt.toString());
    }

    /**
     * A project layer's install script is the sandbox's code (it can write the project): its build
     * gets no more network than the session. A listener on the host's own address stands for the
     * outside (not its loopback, which no build reaches: {@link BuildNetworkIT}); the bridge
     * session, whose build may use the network, is the positive control. The listener counts what reached it, so "blocked" is not just a failed probe.
     */
    @Test
    void aProjectLayerBuildsWithoutNetworkForSessionsWithoutIt() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        InetAddress host = BuildNetworkIT.hostAddress();
        HttpServer listener = HttpServer.create(new InetSocketAddress(host, 0), 0);
        listener.createContext("/", exchange -> {
            requests.merge(exchange.getRequestURI().getPath(), 1, Integer::sum);
            byte[] body = ("token-" + run + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
        try {
            String address = host.getHostAddress() + ":" + listener.getAddress().getPort();
            String url = "http://" + address + "/";
            Map<String, NetworkPolicy> sessions = new LinkedHashMap<>();
            sessions.put("none", NetworkPolicy.none());
            // Even a destination the allowlist names: a build cannot be held to an allowlist.
            sessions.put("allowlist", NetworkPolicy.allow(address));
            sessions.put("bridge", NetworkPolicy.bridge());
            Map<String, String> seen = new LinkedHashMap<>();
            for (Map.Entry<String, NetworkPolicy> session : sessions.entrySet()) {
                // Its own path per session, so each gets its own composed image, built under its own policy.
                writeLayer("probe", "#!/bin/sh\n"
                    + "if timeout 5 wget -q -O /build-probe " + url + session.getKey() + "; "
                    + "then cat /build-probe; else echo blocked; fi > /build-net\n");
                String result = runCat(builder(new CopyOnWriteArrayList<>()).layers("probe")
                    .network(session.getValue()).firewallImage(TestPodman.DEBIAN_IMAGE), "/build-net");
                seen.put(session.getKey(), result.substring(result.indexOf(' ') + 1));
            }
            assertEquals(Map.of("none", "blocked", "allowlist", "blocked", "bridge", "token-" + run), seen);
            assertEquals(Map.of("/bridge", 1), requests, "only the bridge session's build reached the listener");
        } finally {
            listener.stop(0);
        }
    }
}
