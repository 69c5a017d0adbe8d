package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.FirewallImage;
import dev.mino.core.ImageBuildException;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.TestTar;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestFirewallImage;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mino's own firewall image on the real Podman: built from the Debian test image (which has nft
 * and python3, so no network is needed), pinned by id in the state directory, reused, and the
 * only image an allowlisted sandbox's firewall runs from unless the embedding program names one.
 */
@RequiresPodman
@Timeout(300)
class FirewallImageIT extends SandboxFolders {
    private static final Pattern COMMITTED = Pattern.compile("^--> ([0-9a-f]{11,64})$");
    private static PodmanClient podman;

    private final List<String> imagesToRemove = new ArrayList<>();

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
        for (String image : imagesToRemove) {
            try {
                podman.images().remove(image, true);
            } catch (MinoException e) {
                // Gone already (a rebuild removed it): fine.
            }
        }
    }

    /** Progress and build output of one call. */
    private static final class Heard implements SandboxListener {
        final List<String> progress = new ArrayList<>();
        final List<String> build = new ArrayList<>();

        @Override
        public void onProgress(String message) {
            progress.add(message);
        }

        @Override
        public void onBuildOutput(String line) {
            build.add(line);
        }
    }

    private FirewallImage firewallImage(Path stateDirectory, SandboxListener listener) {
        return FirewallImage.at(stateDirectory).engine(TestPodman.address().uri()).listener(listener);
    }

    private FirewallImage.Pinned ensure(Path stateDirectory, String base, SandboxListener listener) {
        FirewallImage.Pinned pinned = firewallImage(stateDirectory, listener).ensure(base);
        imagesToRemove.add(pinned.id());
        return pinned;
    }

    private SandboxBuilder allowlisted(String session) {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).name(session).network(NetworkPolicy.allow("192.0.2.1:443"))
            .command("sleep", "300");
    }

    private static List<String> containersOf(String session) {
        return podman.containers().list(new Filters().label("dev.mino.session", session), true).stream()
            .map(c -> c.names().toString()).toList();
    }

    private static String session(String prefix) {
        return prefix + Long.toHexString(System.nanoTime());
    }

    @Test
    void itIsBuiltFromTheNamedBaseWithMinosLabelsAndPinnedByIdInAPrivateFile() throws Exception {
        Heard heard = new Heard();
        FirewallImage.Pinned pinned = ensure(state, TestPodman.DEBIAN_IMAGE, heard);

        String debian = podman.images().identity(TestPodman.DEBIAN_IMAGE).id();
        assertEquals(FirewallImage.REFERENCE, pinned.reference());
        assertEquals(FirewallImage.RECIPE, pinned.recipe());
        assertEquals(TestPodman.DEBIAN_IMAGE, pinned.baseImage());
        assertEquals(debian, pinned.baseImageId());
        assertNotEquals(debian, pinned.id(), "an image of its own, not the base itself");

        ImagesApi.ImageIdentity image = podman.images().identity(pinned.id());
        assertEquals("true", image.labels().get("dev.mino.managed"));
        assertEquals(String.valueOf(FirewallImage.RECIPE), image.labels().get("dev.mino.firewall-image-recipe"));
        assertEquals(TestPodman.DEBIAN_IMAGE, image.labels().get("dev.mino.base-image"));
        assertEquals(debian, image.labels().get("dev.mino.base-image-id"));
        assertEquals(pinned.id(), podman.images().identity(FirewallImage.REFERENCE).id(),
            "tagged " + FirewallImage.REFERENCE);
        assertTrue(heard.build.contains("mino-firewall-image: nft and python3 are present, nothing to install"),
            "the base had both tools: nothing installed, no network needed: " + heard.build);
        assertTrue(heard.progress.get(0).startsWith("Building mino's firewall image " + FirewallImage.REFERENCE),
            heard.progress.toString());

        Path pins = state.resolve("firewall-image.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins)));
        assertTrue(Files.readString(pins).contains(pinned.id()), Files.readString(pins));
        assertEquals(java.util.Optional.of(pinned), firewallImage(state, SandboxListener.NONE).pinned());
        assertEquals(pinned, firewallImage(state, SandboxListener.NONE).requirePinned());

        // The tools the egress guard needs are in it, run as the firewall runs (root, own image).
        String id = podman.containers().create(Map.of("image", pinned.id(), "entrypoint", List.of("/bin/sh", "-c"),
            "command", List.of("nft --version && python3 --version"), "labels", Map.of("dev.mino.test", "true"))).id();
        try {
            podman.containers().start(id);
            assertEquals(0, podman.containers().waitForExit(id, java.time.Duration.ofMillis(100)));
        } finally {
            podman.containers().remove(id, true);
        }
    }

    @Test
    void aSecondCallReusesThePinnedImageAndANewBaseReplacesIt() {
        FirewallImage.Pinned first = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        Heard again = new Heard();
        long start = System.nanoTime();
        FirewallImage.Pinned second = ensure(state, TestPodman.DEBIAN_IMAGE, again);
        assertEquals(first, second);
        assertEquals(List.of(), again.build, "nothing is built");
        assertEquals(List.of("Using mino's firewall image " + FirewallImage.REFERENCE + " (" + first.shortId() + ")"),
            again.progress);
        assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(5).toNanos(), "reuse is quick");

        // The control: another base (the Debian image plus a label, so another id) is built, the
        // pin moves to it, and the image pinned before is removed.
        String tag = "localhost/mino-it-fwbase-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
        String otherBase = podman.images().build(new ByteArrayInputStream(TestTar.of(Map.of("Containerfile",
            "FROM " + TestPodman.DEBIAN_IMAGE + "\nLABEL dev.mino.test=true\n"))), tag, Map.of("dev.mino.test", "true"),
            line -> { });
        imagesToRemove.add(otherBase);
        Heard rebuilt = new Heard();
        FirewallImage.Pinned third = ensure(state, tag, rebuilt);
        assertNotEquals(first.id(), third.id());
        assertEquals(otherBase, third.baseImageId());
        assertFalse(rebuilt.build.isEmpty(), "built anew");
        assertFalse(podman.images().exists(first.id()), "the image pinned before is removed");
        assertEquals(third, firewallImage(state, SandboxListener.NONE).requirePinned());
    }

    @Test
    void anAllowlistedSandboxRunsItsFirewallFromThePinnedIdNeverFromTheTagOrTheSandboxImage() {
        FirewallImage.Pinned pinned = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        // A dry run plans as a start does: the firewall runs from the pinned id, not the tag.
        assertEquals(pinned.id(),
            allowlisted(session("plan")).plan().firewallCreateBody().orElseThrow().get("image"));

        // Someone moves the tag to another image: the pin, not the tag, decides.
        String moved = podman.images().build(new ByteArrayInputStream(TestTar.of(Map.of("Containerfile",
            "FROM " + TestPodman.BUSYBOX_IMAGE + "\nLABEL dev.mino.test=true\n"))), FirewallImage.REFERENCE,
            Map.of("dev.mino.test", "true"), line -> { });
        imagesToRemove.add(moved);
        assertEquals(moved, podman.images().identity(FirewallImage.REFERENCE).id());

        String session = session("fwpin");
        try (Sandbox sb = allowlisted(session).start()) {
            assertEquals(pinned.id(), sb.spec().effectiveFirewallImage());
            String firewallImage = podman.containers().inspect(SandboxPlanner.firewallName(session)).orElseThrow()
                .raw().path("Image").asText();
            assertEquals(pinned.id(), firewallImage, "the firewall container runs the pinned id");
            String sandboxImage = podman.containers().inspect(sb.containerId()).orElseThrow().raw().path("Image")
                .asText();
            assertEquals(podman.images().identity(TestPodman.BUSYBOX_IMAGE).id(), sandboxImage);
            assertNotEquals(sandboxImage, firewallImage, "never the sandbox's own image");
        }
        assertEquals(List.of(), containersOf(session));

        // The embedding program's own choice still wins.
        String chosen = session("fwown");
        try (Sandbox sb = allowlisted(chosen).firewallImage(TestPodman.DEBIAN_IMAGE).start()) {
            assertEquals(podman.images().identity(TestPodman.DEBIAN_IMAGE).id(), podman.containers()
                .inspect(SandboxPlanner.firewallName(chosen)).orElseThrow().raw().path("Image").asText());
        }
    }

    @Test
    void withoutAUsablePinAnAllowlistedStartFailsBeforeAnythingExists() throws Exception {
        String none = session("nopin");
        MinoException missing = assertThrows(MinoException.class, () -> allowlisted(none).start().close());
        assertTrue(missing.getMessage().contains("none is pinned for the engine at " + TestPodman.address().uri()),
            missing.getMessage());
        assertTrue(missing.hint().contains("mino setup") && missing.hint().contains("FirewallImage"), missing.hint());
        assertEquals(List.of(), containersOf(none), "no firewall and no sandbox");
        assertEquals(java.util.Optional.empty(), Sessions.at(state).find(none), "not even a session record");
        assertEquals(java.util.Optional.empty(), firewallImage(state, SandboxListener.NONE).pinned());

        // The pinned id gone from the engine (removed by hand, say): refused the same way.
        FirewallImage.Pinned pinned = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        assertTrue(podman.images().remove(pinned.id(), true));
        String gone = session("gonepin");
        MinoException removed = assertThrows(MinoException.class, () -> allowlisted(gone).start().close());
        assertTrue(removed.getMessage().contains("(" + pinned.shortId() + ")") && removed.getMessage()
            .contains("is no longer there"), removed.getMessage());
        assertEquals(List.of(), containersOf(gone));

        // A pin of another recipe: refused too.
        FirewallImage.Pinned current = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        Path pins = state.resolve("firewall-image.json");
        Files.writeString(pins, Files.readString(pins).replaceAll("\"recipe\"\\s*:\\s*\\d+", "\"recipe\" : 0"));
        String old = session("oldpin");
        MinoException oldRecipe = assertThrows(MinoException.class, () -> allowlisted(old).start().close());
        assertTrue(oldRecipe.getMessage().contains("is of recipe 0"), oldRecipe.getMessage());
        assertEquals(List.of(), containersOf(old));

        // The control: once built again the same sandbox starts.
        FirewallImage.Pinned rebuilt = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        assertNotEquals(current.id(), rebuilt.id(), "a pin of another recipe is not reused");
        String started = session("withpin");
        try (Sandbox sb = allowlisted(started).start()) {
            assertEquals(2, containersOf(started).size(), "the sandbox and its firewall");
        }
        // And a sandbox without an allowlist never needs the pin.
        Path empty = TestDirectories.create("mino-it-fwimage-empty");
        try (Sandbox sb = allowlisted(session("nofw")).stateDirectory(empty).network(NetworkPolicy.none()).start()) {
            assertFalse(sb.containerId().isEmpty());
        } finally {
            TestDirectories.delete(empty);
        }
    }

    /**
     * Red team: were the pin ever rewritten (it lives in the state directory, which no sandbox
     * sees), it could name the sandbox's own image, or an image a project layer composed on top
     * of the firewall image, which inherits all of its labels. Neither is run as the firewall.
     */
    @Test
    void aPinNamingAnImageMinoDidNotBuildAsItsFirewallImageIsRefused() throws Exception {
        FirewallImage.Pinned pinned = ensure(state, TestPodman.DEBIAN_IMAGE, SandboxListener.NONE);
        Path layer = Files.createDirectories(project.resolve(".mino/layers/poison"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"poison\"\ndescription = \"planted\"\n"
            + "version = \"1\"\n");
        Files.writeString(layer.resolve("install.sh"), "#!/bin/sh\necho poisoned > /poisoned\n");
        String composed = Sandbox.builder().engine(TestPodman.address().uri()).project(project).stateDirectory(state)
            .baseImage(FirewallImage.REFERENCE).layers("poison").trustProjectLayers(true)
            .network(NetworkPolicy.none()).prepareImage();
        String composedId = podman.images().identity(composed).id();
        imagesToRemove.add(composedId);
        assertEquals(String.valueOf(FirewallImage.RECIPE),
            podman.images().identity(composedId).labels().get("dev.mino.firewall-image-recipe"),
            "the composed image does inherit the firewall image's labels");

        Path pins = state.resolve("firewall-image.json");
        String genuine = Files.readString(pins);
        for (String impostor : List.of(composedId, podman.images().identity(TestPodman.BUSYBOX_IMAGE).id())) {
            Files.writeString(pins, genuine.replace(pinned.id(), impostor));
            String session = session("impostor");
            MinoException refused = assertThrows(MinoException.class, () -> allowlisted(session).start().close());
            assertTrue(refused.getMessage().contains("is not an image mino built as its firewall image"),
                refused.getMessage());
            assertEquals(List.of(), containersOf(session), "nothing was created");
        }

        // The control: the genuine pin starts.
        Files.writeString(pins, genuine);
        String session = session("genuine");
        try (Sandbox sb = allowlisted(session).start()) {
            assertEquals(pinned.id(), sb.spec().effectiveFirewallImage());
        }
    }

    @Test
    void aMissingBaseOrABaseWithoutToolsOrPackageManagerFailsClearlyAndLeavesNothingBehind() {
        MinoException missing = assertThrows(MinoException.class,
            () -> ensure(state, "localhost/mino-it-no-such-base:latest", SandboxListener.NONE));
        assertTrue(missing.getMessage().contains("the base image localhost/mino-it-no-such-base:latest for mino's "
            + "firewall image is not on the engine"), missing.getMessage());
        assertTrue(missing.hint().contains("pull or build it first"), missing.hint());
        assertFalse(Files.exists(state.resolve("firewall-image.json")), "nothing pinned");

        Heard heard = new Heard();
        ImageBuildException busybox = assertThrows(ImageBuildException.class,
            () -> ensure(state, TestPodman.BUSYBOX_IMAGE, heard));
        assertTrue(busybox.getMessage().contains("the base image has neither nft and python3 nor apt-get or dnf"),
            busybox.getMessage());
        assertTrue(busybox.hint().contains("apt-get") && busybox.hint().contains("dnf"), busybox.hint());
        assertFalse(Files.exists(state.resolve("firewall-image.json")), "nothing pinned");
        String busyboxId = podman.images().identity(TestPodman.BUSYBOX_IMAGE).id();
        assertEquals(List.of(), podman.images().list(new Filters().label("dev.mino.base-image-id", busyboxId)),
            "no firewall image on busybox");
        List<String> committed = committed(heard.build);
        assertEquals(List.of(), committed, "no step was kept as an intermediate image: " + heard.build);

        // The control: a build that works reports its committed image the same way.
        Heard ok = new Heard();
        FirewallImage.Pinned pinned = ensure(state, TestPodman.DEBIAN_IMAGE, ok);
        assertTrue(committed(ok.build).stream().anyMatch(pinned.id()::startsWith), ok.build.toString());
    }

    private static List<String> committed(List<String> build) {
        List<String> ids = new ArrayList<>();
        for (String line : build) {
            Matcher m = COMMITTED.matcher(line.strip());
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
