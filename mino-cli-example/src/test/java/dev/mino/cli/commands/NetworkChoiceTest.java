package dev.mino.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import dev.mino.network.NetworkPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code run}'s network options choose, and their checks (SPEC 6.3 steps 1-3). */
class NetworkChoiceTest {

    @Test
    void noOptionChoosesNothingSoTheConfigDecides() {
        assertEquals(Optional.empty(), NetworkChoice.fromOptions(null, List.of(), null));
        assertEquals(Optional.empty(), NetworkChoice.fromOptions(null, List.of(" ,"), null));
    }

    @Test
    void aModeAnAllowlistOrAPresetIsChosenWithTheWarnings() {
        NetworkChoice host = NetworkChoice.fromOptions("host", List.of(), null).orElseThrow();
        assertEquals(Optional.of(NetworkPolicy.host()), host.policy());
        assertEquals(List.of(), host.warnings());

        NetworkChoice allow = NetworkChoice.fromOptions("host", List.of("a.example.internal:443,b.example.internal:22"),
            null).orElseThrow();
        assertEquals(Optional.of(NetworkPolicy.allow("a.example.internal:443", "b.example.internal:22")),
            allow.policy());
        assertEquals(List.of("--network host overridden to bridge because --network-allow was specified"),
            allow.warnings());

        NetworkChoice preset = NetworkChoice.fromOptions("host", List.of(), "registries").orElseThrow();
        assertEquals(Optional.of("registries"), preset.preset(), "resolved by the builder, with the config's hosts");
        assertEquals(Optional.empty(), preset.policy());
        assertEquals(List.of("--network host overridden to bridge because --network-preset was specified"),
            preset.warnings());
    }

    @Test
    void contradictionsAreErrorsWithUpstreamsHint() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> NetworkChoice.fromOptions("none", List.of("a.example.internal:443"), null));
        assertEquals("Network policy conflict: Cannot combine --network none with --network-allow. "
            + "Allowlist rules require bridge networking.", e.getMessage());
        assertTrue(e.hint().startsWith("Use --network bridge with --network-allow"), e.hint());
        assertTrue(assertThrows(InvalidSpecException.class, () -> NetworkChoice.fromOptions("wifi", List.of(), null))
            .getMessage().contains("Unknown network mode 'wifi' in CLI"));
    }
}
