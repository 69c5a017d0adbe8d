package dev.mino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of the command line that mino takes apart itself: --, -e and --volume. */
class ArgumentsTest {

    @Test
    void splitsAtTheFirstDoubleDash() {
        Arguments args = Arguments.split("run", "-e", "A=1", "--", "sh", "-c", "x -- y", "--");
        assertEquals(List.of("run", "-e", "A=1"), args.options());
        assertEquals(List.of("sh", "-c", "x -- y", "--"), args.command(), "later -- belong to the command");
        assertTrue(args.hasDoubleDash());
    }

    @Test
    void doubleDashWithNothingAfterItMeansNoCommand() {
        Arguments args = Arguments.split("run", "--");
        assertEquals(List.of(), args.command());
        assertTrue(args.hasDoubleDash());
        Arguments none = Arguments.split("run");
        assertEquals(List.of(), none.command());
        assertFalse(none.hasDoubleDash());
    }

    @Test
    void envSplitsAtTheFirstEquals() {
        assertEquals(new EnvAssignment("A", "1"), EnvAssignment.parse("A=1", Map.of()));
        assertEquals(new EnvAssignment("URL", "a=b=c"), EnvAssignment.parse("URL=a=b=c", Map.of()));
        assertEquals(new EnvAssignment("EMPTY", ""), EnvAssignment.parse("EMPTY=", Map.of()));
        assertEquals(new EnvAssignment("", "x"), EnvAssignment.parse("=x", Map.of()),
            "an empty name is left to the builder, which rejects it");
    }

    @Test
    void envWithoutValueTakesItFromMinosEnvironment() {
        assertEquals(new EnvAssignment("TOKEN", "s3cret"), EnvAssignment.parse("TOKEN", Map.of("TOKEN", "s3cret")));
        InvalidSpecException missing = assertThrows(InvalidSpecException.class,
            () -> EnvAssignment.parse("TOKEN", Map.of()));
        assertTrue(missing.getMessage().contains("TOKEN is not set"), missing.getMessage());
        assertTrue(missing.hint().contains("TOKEN=VALUE"), missing.hint());
    }

    @Test
    void volumeShapes() {
        assertEquals(new VolumeMount("/data", "/data", false), VolumeMount.parse("/data:/data"));
        assertEquals(new VolumeMount("/data", "/in", true), VolumeMount.parse("/data:/in:ro"));
        assertEquals(new VolumeMount("/data", "/in", false), VolumeMount.parse("/data:/in:rw"));
        assertEquals(new VolumeMount("/odd:name", "/in", true), VolumeMount.parse("/odd:name:/in:ro"),
            "the container path has no colon, so the last one separates");
        assertEquals(new VolumeMount("relative", "/in", false), VolumeMount.parse("relative:/in"),
            "a relative host path is left to the builder, which rejects it");
    }

    @Test
    void volumeWithoutTwoPathsIsInvalid() {
        for (String bad : List.of("/data", "/data:ro", ":/in", "/data:", "")) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> VolumeMount.parse(bad), bad);
            assertTrue(e.getMessage().contains("HOST:CONTAINER"), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
    }
}
