package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This module's errors and warnings name settings in plain words, never a command line's flags
 * (issue #17), and carry a stable code by which a command line words them its own way. Each case
 * checks the code first, the positive control that the condition really arose.
 */
class NoCommandLineFlagTest {
    /** A long option anywhere: what a command line's flag looks like. */
    private static final Pattern FLAG = Pattern.compile("(^|[\\s('\"\\[])--[a-z]");
    private static final NetworkRequest NOTHING = NetworkRequest.defaults();
    private static final List<String> RULES = List.of("github.com:443");
    private static final NetworkResolver RESOLVER = new NetworkResolver(PresetCatalog.of(RegistryHosts.none()));

    private static void assertNamesNoFlag(String text) {
        assertFalse(FLAG.matcher(text).find(), "names a command-line flag: " + text);
    }

    @Test
    void thePatternFindsAFlag() {
        assertTrue(FLAG.matcher("Use --network bridge with --network-allow").find());
        assertFalse(FLAG.matcher("network = \"none\" with network_allow").find());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
            Arguments.of(NOTHING.withCliAllow(RULES).withCliMode("none"), NetworkCodes.NONE_WITH_ALLOWLIST),
            Arguments.of(NOTHING.withCliPreset("dev").withCliMode("none"), NetworkCodes.NONE_WITH_PRESET),
            Arguments.of(NOTHING.withConfigAllow(RULES).withConfigMode("none"), NetworkCodes.CONFIG_CONFLICT),
            Arguments.of(NOTHING.withConfigPreset("dev").withConfigMode("none"), NetworkCodes.CONFIG_CONFLICT),
            Arguments.of(NOTHING.withCliMode("wifi"), NetworkCodes.UNKNOWN_MODE),
            Arguments.of(NOTHING.withConfigMode("wifi"), NetworkCodes.UNKNOWN_MODE),
            Arguments.of(NOTHING.withCliPreset("prod"), NetworkCodes.UNKNOWN_PRESET),
            Arguments.of(NOTHING.withConfigPreset("prod"), NetworkCodes.UNKNOWN_PRESET));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void failuresHaveACodeAndNameNoFlag(NetworkRequest request, String code) {
        NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> RESOLVER.resolve(request));
        assertEquals(Optional.of(code), e.code(), "positive control: " + e.getMessage());
        assertNamesNoFlag(e.getMessage());
        assertNamesNoFlag(e.hint());
    }

    @Test
    void theHostModesOverrideIsAWarningWithACodeNamingNoFlag() {
        NetworkResolution allow = RESOLVER.resolve(NOTHING.withCliAllow(RULES).withCliMode("host"));
        NetworkResolution preset = RESOLVER.resolve(NOTHING.withCliPreset("dev").withCliMode("host"));

        assertEquals(List.of(NetworkCodes.HOST_OVERRIDDEN_BY_ALLOWLIST), allow.warningCodes(), "positive control");
        assertEquals(List.of(NetworkCodes.HOST_OVERRIDDEN_BY_PRESET), preset.warningCodes(), "positive control");
        Stream.concat(allow.warnings().stream(), preset.warnings().stream())
            .forEach(NoCommandLineFlagTest::assertNamesNoFlag);
        assertEquals(List.of(), RESOLVER.resolve(NOTHING.withCliAllow(RULES)).warningCodes());
    }

    @Test
    void aResolutionMadeWithoutCodesHasAnEmptyOneForEachWarning() {
        assertEquals(List.of(""), new NetworkResolution(NetworkPolicy.bridge(), List.of("a warning")).warningCodes());
        assertThrows(IllegalArgumentException.class,
            () -> new NetworkResolution(NetworkPolicy.bridge(), List.of("a warning"), List.of()));
    }
}
