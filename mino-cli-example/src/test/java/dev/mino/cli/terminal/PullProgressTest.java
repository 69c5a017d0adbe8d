package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pull's progress as the CLI shows it, from lines written out in the form containers/image
 * gives libpod's pull {@code stream} (one message per line, no byte counts) for a two-layer
 * image. PullProgressIT checks that form against a live Podman pull from a stand-in registry;
 * the failing pull is live in EngineImagesIT and FirstRunIT.
 */
class PullProgressTest {
    private static final String REF = "ghcr.io/example/base:1";
    /** A successful pull's stream lines, without their line breaks, as {@code EngineImages.pull} passes them on. */
    private static final List<String> SUCCESSFUL_PULL = List.of(
        "Trying to pull ghcr.io/example/base:1...",
        "Getting image source signatures",
        "Copying blob sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1",
        "Copying blob sha256:9b3977197b4f2147bdd31e1271f811319dcd5c2fc595f14e81f5351ab6275b99 skipped: already exists",
        "Copying config sha256:1c35c441208254cb7c3844ba95a96485388cef9ccc0646d562c7fc026e04c807",
        "Writing manifest to image destination",
        "Storing signatures");

    @Test
    void eachLineSaysWhereThePullIs() {
        PullProgress pull = new PullProgress(REF);
        assertFalse(pull.started());
        List<String> steps = SUCCESSFUL_PULL.stream().map(pull::describe).toList();
        assertEquals(List.of(
            "Pulling ghcr.io/example/base:1",
            "Pulling ghcr.io/example/base:1: checking signatures",
            "Pulling ghcr.io/example/base:1: layer 1 (4f4fb700ef54)",
            "Pulling ghcr.io/example/base:1: layer 2 (9b3977197b4f, already here)",
            "Pulling ghcr.io/example/base:1: image configuration",
            "Pulling ghcr.io/example/base:1: writing the manifest",
            "Pulling ghcr.io/example/base:1: storing signatures"), steps);
        assertEquals(2, pull.layers());
        assertTrue(pull.started());
    }

    @Test
    void aShortNameSaysWhichRegistryIsTried() {
        PullProgress pull = new PullProgress("fedora:43");
        assertEquals("fedora:43", pull.tried());
        assertEquals("Pulling fedora:43 from registry.fedoraproject.org/fedora:43",
            pull.describe("Trying to pull registry.fedoraproject.org/fedora:43..."));
        assertEquals("registry.fedoraproject.org/fedora:43", pull.tried());
        assertEquals("Pulling fedora:43: Resolved \"fedora\" as an alias",
            pull.describe("Resolved \"fedora\" as an alias"));
    }

    private static String feed(Cli cli, int verbosity, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = cli.io(out, err);
        ProgressListener listener = new ProgressListener(io, verbosity);
        PullProgress pull = new PullProgress(REF);
        listener.onProgress("Pulling " + REF);
        lines.forEach(line -> listener.onPullOutput(pull, line));
        io.flush();
        assertEquals("", out.toString(StandardCharsets.UTF_8), "progress never goes to stdout");
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalTheStartAndEachLayerAreLines() {
        String err = feed(new Cli(), 0, SUCCESSFUL_PULL);
        assertEquals("... Pulling ghcr.io/example/base:1\n"
            + "... Pulling ghcr.io/example/base:1: layer 1 (4f4fb700ef54)\n"
            + "... Pulling ghcr.io/example/base:1: layer 2 (9b3977197b4f, already here)\n"
            + "... Pulling ghcr.io/example/base:1: image configuration\n"
            + "... Pulling ghcr.io/example/base:1: writing the manifest\n", err);
        assertTrue(feed(new Cli(), 1, SUCCESSFUL_PULL).contains(": storing signatures\n"), "-v shows every line");
    }

    @Test
    void atATerminalOneLineIsOverwritten() {
        String err = feed(new Cli().terminal(true).env("TERM", "dumb"), 0, SUCCESSFUL_PULL);
        assertFalse(err.contains("\n"), "one line, never a new one: " + err);
        String[] frames = err.split("\r\u001b\\[K");
        assertEquals("... Pulling ghcr.io/example/base:1: storing signatures", frames[frames.length - 1]);
        assertTrue(err.contains("\u001b[K... Pulling ghcr.io/example/base:1: layer 2 (9b3977197b4f, already here)\r"),
            err);
    }

    @Test
    void whatTheRegistrySendsIsShownAsText() {
        String err = feed(new Cli().terminal(true).env("TERM", "dumb"), 0,
            List.of("Trying to pull ghcr.io/example/base:1...", "Copying blob \u001b]0;owned\u0007 now"));
        assertFalse(err.contains("\u001b]0;"), "no sequence of the registry's reaches the terminal: " + err);
    }
}
