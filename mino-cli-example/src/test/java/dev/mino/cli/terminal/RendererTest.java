package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.cli.ErrorReport;
import dev.mino.core.MinoException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The plain forms of SPEC 0.3, the fancy ones, colour, and the Error:/Hint: report. */
class RendererTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private Renderer renderer(boolean fancy, boolean colour) {
        return new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), fancy, colour);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainForms() {
        Renderer r = renderer(false, false);
        r.intro("Title");
        r.ok("done");
        r.ok("done", "detail");
        r.warn("careful");
        r.warn("careful", "do this");
        r.fail("broken");
        r.fail("broken", "why");
        r.info("note");
        r.blocked("Socket", "Podman");
        r.remark("aside");
        r.keyValue("key", "value");
        r.outroOk("all good");
        r.outroWarn("not quite");
        assertEquals(String.join("\n",
            "Title", "",
            "  [OK] done",
            "  [OK] done (detail)",
            "  [WARN] careful",
            "  [WARN] careful - do this",
            "  [FAIL] broken",
            "  [FAIL] broken: why",
            "  [INFO] note",
            "  [-] Socket (requires Podman)",
            "  aside",
            "  key: value",
            "", "[OK] all good",
            "", "[WARN] not quite", ""), text());
    }

    @Test
    void fancyFormsUseSymbols() {
        Renderer r = renderer(true, false);
        r.ok("done");
        r.warn("careful");
        r.fail("broken");
        assertEquals("  \u2713 done\n  ! careful\n  \u2717 broken\n", text());
    }

    @Test
    void colourOnlyWhenAsked() {
        renderer(false, true).ok("done");
        assertEquals("  \u001b[32m[OK]\u001b[0m done\n", text());
    }

    @Test
    void errorAndHint() {
        renderer(false, false).error("Session not found: x", "'mino list' shows them");
        assertEquals("Error: Session not found: x\nHint: 'mino list' shows them\n", text());
    }

    @Test
    void errorWithoutHintHasOneLine() {
        renderer(false, false).error("No hint here", "");
        assertEquals("Error: No hint here\n", text());
    }

    @Test
    void colouredErrorIsRedAndBold() {
        renderer(false, true).error("bad", "good");
        assertEquals("\u001b[31;1mError:\u001b[0m bad\n\u001b[33mHint:\u001b[0m good\n", text());
    }

    @Test
    void exceptionsAreReportedByKind() {
        Renderer r = renderer(false, false);
        ErrorReport.report(new MinoException("what failed", "what to do"), r);
        ErrorReport.report(new UncheckedIOException("reading x", new NoSuchFileException("/x")), r);
        ErrorReport.report(new IllegalStateException("oops"), r);
        String[] lines = text().split("\n");
        assertEquals("Error: what failed", lines[0]);
        assertEquals("Hint: what to do", lines[1]);
        assertEquals("Error: reading x: /x", lines[2]);
        assertTrue(lines[3].startsWith("Hint: "));
        assertEquals("Error: Internal error: java.lang.IllegalStateException: oops", lines[4]);
        assertTrue(lines[5].contains("-vv"), lines[5]);
    }

    @Test
    void displayWidthIgnoresAnsi() {
        assertEquals(7, Renderer.displayWidth("\u001b[32mrunning\u001b[0m"));
        assertEquals("\u001b[2mab\u001b[0m  ", Renderer.pad("\u001b[2mab\u001b[0m", 4));
        assertEquals("toolong", Renderer.pad("toolong", 3), "never cut");
    }

    @Test
    void messagesQuotingASandboxAreEscapedButTheRenderersColoursAreNot() {
        Renderer r = renderer(true, true);
        r.error("build failed: \u001b]52;c;aGk=\u0007\u001b]0;pwned\u0007", "see \u009b2J \u202etxt");
        r.warn("\u001b[2J");
        r.ok("\u001b[2J", "\u0007");
        r.remark("\u001b[2J");
        r.keyValue("k\u001b", "v\u001b");
        String text = text().replaceAll("\u001b\\[[0-9;]*m", "");
        assertFalse(text.contains("\u001b") || text.contains("\u0007") || text.contains("\u009b")
            || text.contains("\u202e"), text);
        assertTrue(text.contains("\\u001B]52;c;aGk=\\u0007\\u001B]0;pwned\\u0007"), text);
        assertTrue(text().contains("\u001b[31;1mError:\u001b[0m"), "colour itself stays: " + text());
    }

    @Test
    void anErrorReportEscapesTheExceptionsMessage() {
        ErrorReport.report(new MinoException("container said \u001b]0;pwned\u0007", "hint \u001b[2J"),
            renderer(false, false));
        assertEquals("Error: container said \\u001B]0;pwned\\u0007\nHint: hint \\u001B[2J\n", text());
    }
}
