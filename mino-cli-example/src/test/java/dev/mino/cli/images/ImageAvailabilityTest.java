package dev.mino.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.ErrorReport;
import dev.mino.cli.prompts.LayerPrompt;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.MinoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where an image can come from, and so whether it is offered: only what the engine has or a
 * registry that answers can fetch. The engine and the probe are given as the sets they would
 * answer from; FirstRunIT runs the same decisions against Podman and a registry that is not there.
 */
class ImageAvailabilityTest {
    private final List<String> probed = new ArrayList<>();

    private ImageAvailability availability(Set<String> local, Set<String> answering) {
        return new ImageAvailability(local::contains, registry -> {
            probed.add(registry);
            return answering.contains(registry);
        });
    }

    @Test
    void anImageIsOfferedOnlyWhenTheEngineHasItOrItsRegistryAnswers() {
        ImageAvailability none = availability(Set.of("localhost/mino-local:latest"), Set.of());
        assertEquals(ImageAvailability.Source.LOCAL, none.of("localhost/mino-local:latest"));
        assertEquals(List.of(), probed, "an image the engine has needs no registry");
        assertEquals(ImageAvailability.Source.UNREACHABLE, none.of("ghcr.io/dean0x/mino-base:latest"));
        assertEquals(List.of("ghcr.io"), probed);
        assertEquals(ImageAvailability.Source.NOWHERE, none.of("localhost/other:1"), "made on a machine");
        assertEquals(ImageAvailability.Source.UNKNOWN, none.of("fedora:43"), "a short name: only a pull can tell");
        assertFalse(ImageAvailability.Source.UNREACHABLE.usable());
        assertFalse(ImageAvailability.Source.NOWHERE.usable());
        assertTrue(ImageAvailability.Source.UNKNOWN.usable());

        ImageAvailability online = availability(Set.of(), Set.of("ghcr.io"));
        assertEquals(ImageAvailability.Source.REGISTRY, online.of("ghcr.io/dean0x/mino-base:latest"),
            "the positive control: the same image, its registry answering");
        assertTrue(ImageAvailability.Source.REGISTRY.usable());
    }

    @Test
    void theErrorSaysWhatToRun() {
        MinoException unreachable = ImageAvailability.missing("Image ghcr.io/x/y:1", "ghcr.io/x/y:1",
            ImageAvailability.Source.UNREACHABLE, null);
        assertEquals("Image ghcr.io/x/y:1 is not on the engine, and it cannot be pulled: ghcr.io does not answer",
            unreachable.getMessage());
        assertTrue(unreachable.hint().startsWith("run 'mino setup'"), unreachable.hint());
        assertTrue(unreachable.hint().contains("'podman pull ghcr.io/x/y:1' once ghcr.io answers"), unreachable.hint());

        MinoException failed = ImageAvailability.missing("Image fedora:43", "fedora:43", null, "no such host");
        assertEquals("Image fedora:43 is not on the engine, and pulling it failed: no such host", failed.getMessage());
        assertTrue(failed.hint().contains("'podman pull fedora:43' once its registry answers"), failed.hint());
        MinoException resolved = ImageAvailability.missing("Image fedora:43", "fedora:43",
            "registry.fedoraproject.org/fedora:43", null, "no such host");
        assertTrue(resolved.hint().endsWith("'podman pull fedora:43' once registry.fedoraproject.org answers"),
            "the registry the engine tried: " + resolved.hint());

        MinoException local = ImageAvailability.missing("Image " + LocalImage.NAME, LocalImage.NAME,
            ImageAvailability.Source.NOWHERE, null);
        assertEquals("run 'mino setup' to make it again", local.hint());
        for (MinoException e : List.of(unreachable, failed, local)) {
            assertFalse(e.getMessage().contains("image not known") || e.getMessage().contains("removed already"),
                e.getMessage());
        }
    }

    @Test
    void aReasonARegistrySentReachesTheTerminalAsText() {
        // A registry (one a trusted config names) answers the pull with terminal sequences in its error.
        MinoException e = ImageAvailability.missing("Image evil.example/x:1", "evil.example/x:1", null,
            "unauthorized: \u001b]0;owned\u0007\u001b[2J");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        ErrorReport.report(e, new Renderer(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
            false, true));
        String shown = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(shown.contains("\u001b]") || shown.contains("\u0007") || shown.contains("\u001b[2J"), shown);
        assertTrue(shown.contains("pulling it failed: unauthorized: "), shown);
    }

    @Test
    void theTextWhyToolsAreNotOfferedNamesTheBaseAndTheRegistry() {
        assertEquals("their base image ghcr.io/dean0x/mino-base:latest is not on the engine, and ghcr.io does not "
            + "answer",
            LayerPrompt.unavailable("ghcr.io/dean0x/mino-base:latest", ImageAvailability.Source.UNREACHABLE));
        assertEquals("their base image localhost/b:1 is not on the engine, and no registry has it",
            LayerPrompt.unavailable("localhost/b:1", ImageAvailability.Source.NOWHERE));
    }
}
