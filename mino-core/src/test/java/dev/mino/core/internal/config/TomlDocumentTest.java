package dev.mino.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TomlDocumentTest {

    private static List<String> key(String dotted) {
        return List.of(dotted.split("\\."));
    }

    private static String set(String text, String dotted, String literal) {
        String result = TomlDocument.of(text).set(key(dotted), literal);
        TomlReader.parse(result, Path.of("test.toml"));
        return result;
    }

    @Test
    void emptyDocumentGetsANewSection() {
        assertEquals("[vm]\nname = \"x\"\n", set("", "vm.name", "\"x\""));
    }

    @Test
    void documentWithoutFinalLineBreakGetsOneBeforeTheNewSection() {
        assertEquals("a = 1\n\n[vm]\nname = \"x\"\n", set("a = 1", "vm.name", "\"x\""));
    }

    @Test
    void replacesAValueKeepingKeySpellingSpacingAndComment() {
        assertEquals("[vm]\n  \"name\"   =   \"y\"  # c\n", set("[vm]\n  \"name\"   =   'x'  # c\n", "vm.name", "\"y\""));
    }

    @Test
    void replacesMultiLineStrings() {
        String text = "[vm]\nname = \"\"\"\nline \\\"\"\" still\n\"\"\"\ndistro = \"d\"\n";
        assertEquals("[vm]\nname = \"x\"\ndistro = \"d\"\n", set(text, "vm.name", "\"x\""));
        String literal = "[vm]\nname = '''\nit's ]\n'''''\ndistro = \"d\"\n";
        assertEquals("[vm]\nname = \"x\"\ndistro = \"d\"\n", set(literal, "vm.name", "\"x\""));
    }

    @Test
    void replacesArraysHoldingTrickyStrings() {
        String text = "[container]\nvolumes = [ \"a]#,\" , # note ]\n 'b' ]\nimage = \"i\"\n";
        assertEquals("[container]\nvolumes = []\nimage = \"i\"\n",
            set(text, "container.volumes", "[]"));
    }

    @Test
    void findsEntriesWrittenAsDottedKeysAtTheTop() {
        assertEquals("container.image = \"y\"\ncontainer.read_only = true\n",
            set("container.image = \"y\"\n", "container.read_only", "true"));
        assertEquals("container.image = \"z\"\n", set("container.image = \"y\"\n", "container.image", "\"z\""));
    }

    @Test
    void newEntryFollowsTheLastSiblingWithItsIndentation() {
        String text = "[cache]\n    enabled = true\n    gc_days = 1\n\n[home]\nenabled = true\n";
        assertEquals("[cache]\n    enabled = true\n    gc_days = 1\n    max_total_gb = 2\n\n[home]\nenabled = true\n",
            set(text, "cache.max_total_gb", "2"));
    }

    @Test
    void newEntryInAnEmptySectionGoesAfterItsComments() {
        String text = "[cache]\n# nothing yet\n\n[home]\n";
        assertEquals("[cache]\n# nothing yet\ngc_days = 2\n\n[home]\n", set(text, "cache.gc_days", "2"));
    }

    @Test
    void subTableHeaderDoesNotCountAsTheParent() {
        String text = "[container.env]\nA = \"1\"\n";
        assertEquals("[container.env]\nA = \"1\"\n\n[container]\nimage = \"x\"\n", set(text, "container.image", "\"x\""));
    }

    @Test
    void quotedKeysAreMatchedByValue() {
        String text = "[container.env]\n\"my var\" = \"1\"\n";
        assertEquals("[container.env]\n\"my var\" = \"2\"\n",
            TomlDocument.of(text).set(List.of("container", "env", "my var"), "\"2\""));
    }

    @Test
    void removesWholeEntriesIncludingMultiLineValues() {
        String text = "[container]\nvolumes = [\n  \"a\",\n]  # x\nimage = \"i\"\n";
        assertEquals("[container]\nimage = \"i\"\n", TomlDocument.of(text).remove(key("container.volumes")));
        assertEquals(text, TomlDocument.of(text).remove(key("container.layers")));
    }

    @Test
    void inlineTablesAndArraysOfTablesAreNotEdited() {
        assertThrows(TomlDocument.UnsupportedEdit.class,
            () -> TomlDocument.of("container = { image = \"x\" }\n").set(key("container.image"), "\"y\""));
        assertThrows(TomlDocument.UnsupportedEdit.class,
            () -> TomlDocument.of("[[vm]]\nname = \"x\"\n").set(key("vm.name"), "\"y\""));
    }

    @Test
    void skipsInlineTablesAndDateTimesOfOtherKeys() {
        String text = "when = 1979-05-27 07:32:00Z # t\nt = { a = [1, 2], b = \"}\" }\n[vm]\nname = \"x\"\n";
        assertEquals("when = 1979-05-27 07:32:00Z # t\nt = { a = [1, 2], b = \"}\" }\n[vm]\nname = \"y\"\n",
            set(text, "vm.name", "\"y\""));
    }
}
