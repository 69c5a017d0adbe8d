package dev.mino.cli.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The menus of {@code run}'s questions, driven by keys as a terminal sends them, without a terminal. */
class MenuTest {
    private static final List<Choice> THREE = List.of(new Choice("One", "first"), new Choice("Two", ""),
        new Choice("Three", "last"));

    private static List<MenuKey> keys(String bytes) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1));
        List<MenuKey> keys = new ArrayList<>();
        while (in.available() > 0) {
            keys.add(MenuKey.read(in));
        }
        return keys;
    }

    private static List<String> text(Menu menu) {
        return menu.lines().stream().map(AttributedString::toString).toList();
    }

    @Test
    void decodesArrowsVimKeysSpaceEnterAndCancels() throws IOException {
        assertEquals(List.of(MenuKey.UP, MenuKey.DOWN, MenuKey.UP, MenuKey.DOWN, MenuKey.UP, MenuKey.DOWN,
            MenuKey.TOGGLE, MenuKey.CONFIRM, MenuKey.CONFIRM), keys("\u001b[A\u001b[B\u001bOA\u001bOBkj \r\n"));
        assertEquals(List.of(MenuKey.IGNORED, MenuKey.IGNORED, MenuKey.CANCEL, MenuKey.CANCEL),
            keys("x\u001b[1;5C\u0003\u0004"));
        assertEquals(MenuKey.CANCEL, MenuKey.read(new ByteArrayInputStream(new byte[0])), "end of input cancels");
        assertEquals(MenuKey.UP, keys("\u001b[1;2A").get(0), "a modified arrow still moves");
    }

    @Test
    void aKeyIsReadWithoutConsumingTheNextOne() throws IOException {
        InputStream in = new ByteArrayInputStream("\u001b[Bls\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(MenuKey.DOWN, MenuKey.read(in));
        assertEquals(3, in.available(), "the bytes after the key stay for the sandboxed command");
    }

    @Test
    void aSelectAnswersWithTheOptionUnderTheCursorAndWraps() {
        Menu menu = Menu.select("Pick", THREE);
        assertEquals(Menu.State.ASKING, menu.handle(MenuKey.UP));
        assertEquals(List.of(2), menu.answer(), "up from the first option wraps to the last");
        menu.handle(MenuKey.TOGGLE);
        menu.handle(MenuKey.DOWN);
        assertEquals(Menu.State.ANSWERED, menu.handle(MenuKey.CONFIRM));
        assertEquals(List.of(0), menu.answer());
        assertEquals(Menu.State.ANSWERED, menu.handle(MenuKey.DOWN), "keys after the answer change nothing");
        assertEquals(List.of(0), menu.answer());
    }

    @Test
    void aSelectRendersTheCursorHintsAndThenTheAnswer() {
        Menu menu = Menu.select("Pick", THREE);
        menu.handle(MenuKey.DOWN);
        assertEquals(List.of("\u25c6 Pick", "\u2502   \u25cb One  (first)", "\u2502 > \u25cf Two",
            "\u2502   \u25cb Three  (last)", "\u2514 up/down to move, enter to choose"), text(menu));
        menu.handle(MenuKey.CONFIRM);
        assertEquals(List.of("\u25c7 Pick", "\u2502 Two"), text(menu));
    }

    @Test
    void enterWithNothingTickedTakesTheHighlightedOption() {
        Menu first = Menu.multiselect("Tools", THREE);
        assertEquals(Menu.State.ANSWERED, first.handle(MenuKey.CONFIRM), "Enter on the first option, as drawn");
        assertEquals(List.of(0), first.answer());
        assertEquals(List.of("\u25c7 Tools", "\u2502 One"), text(first));

        Menu moved = Menu.multiselect("Tools", THREE);
        moved.handle(MenuKey.DOWN);
        moved.handle(MenuKey.DOWN);
        assertEquals(Menu.State.ANSWERED, moved.handle(MenuKey.CONFIRM));
        assertEquals(List.of(2), moved.answer(), "the highlighted option, wherever the cursor is");

        Menu unticked = Menu.multiselect("Tools", THREE);
        unticked.handle(MenuKey.TOGGLE);
        unticked.handle(MenuKey.TOGGLE);
        unticked.handle(MenuKey.DOWN);
        assertEquals(Menu.State.ANSWERED, unticked.handle(MenuKey.CONFIRM));
        assertEquals(List.of(1), unticked.answer(), "a tick taken back leaves nothing ticked: the highlighted one");
    }

    @Test
    void aMultiselectAnswersWithTheTickedOptionsInMenuOrder() {
        Menu menu = Menu.multiselect("Tools", THREE);
        menu.handle(MenuKey.UP);
        menu.handle(MenuKey.TOGGLE);
        menu.handle(MenuKey.DOWN);
        menu.handle(MenuKey.TOGGLE);
        menu.handle(MenuKey.DOWN);
        menu.handle(MenuKey.TOGGLE);
        menu.handle(MenuKey.TOGGLE);
        assertEquals(List.of("\u25c6 Tools", "\u2502   [x] One  (first)", "\u2502 > [ ] Two",
            "\u2502   [x] Three  (last)", "\u2514 up/down to move, space to toggle, enter to confirm"), text(menu));
        assertEquals(Menu.State.ANSWERED, menu.handle(MenuKey.CONFIRM));
        assertEquals(List.of(0, 2), menu.answer());
        assertEquals(List.of("\u25c7 Tools", "\u2502 One, Three"), text(menu));
    }

    @Test
    void withoutUnicodeTheMarksArePlainAscii() {
        Menu menu = Menu.select("Pick", THREE);
        assertEquals(List.of("* Pick", "| > (*) One  (first)", "|   ( ) Two", "|   ( ) Three  (last)",
            "` up/down to move, enter to choose"), menu.lines(Menu.Glyphs.ASCII).stream()
            .map(AttributedString::toString).toList());
    }

    @Test
    void cancellingIsFinal() {
        Menu menu = Menu.select("Pick", THREE);
        assertEquals(Menu.State.CANCELLED, menu.handle(MenuKey.CANCEL));
        assertEquals(Menu.State.CANCELLED, menu.handle(MenuKey.CONFIRM));
        assertEquals(List.of("\u25c7 Pick", "\u2502 Cancelled"), text(menu));
        assertThrows(IllegalArgumentException.class, () -> Menu.select("Nothing", List.of()));
    }

    @Test
    void optionsFromAClonedRepositoryAreDrawnWithTheirControlsEscaped() {
        // A project-local layer names and describes itself.
        Menu menu = Menu.select("Layers of /src/x\u001b]0;t\u0007",
            List.of(new Choice("evil\u001b[2J", "desc \u202etxt \u009b31m"), new Choice("plain-layer", "a plain hint")));
        List<String> asked = text(menu);
        for (String line : asked) {
            assertTrue(line.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b || c == 0x202e), line);
        }
        assertTrue(asked.get(0).endsWith("Layers of /src/x\\u001B]0;t\\u0007"), asked.get(0));
        assertTrue(asked.get(1).endsWith("evil\\u001B[2J  (desc \\u202Etxt \\u009B31m)"), asked.get(1));
        assertTrue(asked.get(2).endsWith("plain-layer  (a plain hint)"), "ordinary text unchanged: " + asked.get(2));
        menu.handle(MenuKey.CONFIRM);
        assertTrue(text(menu).get(1).endsWith("evil\\u001B[2J"), "the answer too: " + text(menu));
    }
}
