package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.config.MinoConfig;
import dev.mino.core.testing.OfflinePlans;
import dev.mino.network.NetworkCodes;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkRule;
import dev.mino.network.RegistryHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder keeps the config's network settings and an explicit choice apart and decides at
 * build (SPEC 6.3): the explicit choice wins whenever it was made, a contradiction in the config
 * is an error only when nothing overrides it, and presets get the config's extra hosts.
 */
class SandboxBuilderNetworkTest {
    @TempDir
    Path tmp;
    private Path project;

    private static final RegistryHosts MIRROR = RegistryHosts.of(new NetworkRule("npm.example.internal", 443),
        List.of(new NetworkRule("maven.example.internal", 443)));

    @BeforeEach
    void createProject() throws IOException {
        project = Files.createDirectories(tmp.resolve("app")).toRealPath();
    }

    private static MinoConfig network(String mode, List<String> allow, String preset, Map<String, List<String>> hosts) {
        MinoConfig.Container d = MinoConfig.defaults().container();
        return MinoConfig.defaults().withContainer(new MinoConfig.Container(d.image(), d.env(), d.volumes(), mode,
            d.workdir(), allow, Optional.ofNullable(preset), d.layers(), d.readOnly(), d.baseImage(), hosts));
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().project(project).image("localhost/app:1").networkRegistries(MIRROR);
    }

    @Test
    void theConfigDecidesWhenNothingIsExplicit() {
        assertEquals(NetworkPolicy.bridge(), builder().config(MinoConfig.defaults()).build().network());
        assertEquals(NetworkPolicy.host(), builder().config(network("host", List.of(), null, Map.of())).build().network());
        assertEquals(NetworkPolicy.allow("a.example.internal:443"), builder()
            .config(network("host", List.of("a.example.internal:443"), "dev", Map.of())).build().network(),
            "network_allow beats network_preset, and overrides host silently");
        assertEquals(Optional.of("registries"), builder().config(network("bridge", List.of(), "registries", Map.of()))
            .build().network().presetName());
    }

    @Test
    void anExplicitPolicyWinsWhetherSetBeforeOrAfterTheConfig() {
        MinoConfig allowlisted = network("bridge", List.of("a.example.internal:443"), null, Map.of());
        assertEquals(NetworkPolicy.none(), builder().config(allowlisted).network(NetworkPolicy.none()).build().network());
        assertEquals(NetworkPolicy.none(), builder().network(NetworkPolicy.none()).config(allowlisted).build().network(),
            "config(...) after network(...) does not undo the explicit choice");
    }

    @Test
    void aConfigContradictionFailsOnlyWhenNothingOverridesIt() {
        MinoConfig contradictory = network("none", List.of("a.example.internal:443"), null, Map.of());
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> builder().config(contradictory).build());
        assertEquals("Network policy conflict: Config conflict: network = \"none\" with network_allow entries. "
            + "Allowlist rules require bridge networking.", e.getMessage());
        assertEquals("Use the bridge mode with an allowlist, or the none mode without one.", e.hint());
        assertEquals(Optional.of(NetworkCodes.CONFIG_CONFLICT), e.code());

        MinoConfig presetAndNone = network("none", List.of(), "dev", Map.of());
        assertTrue(assertThrows(InvalidSpecException.class, () -> builder().config(presetAndNone).build())
            .getMessage().contains("network = \"none\" with network_preset"));

        assertEquals(NetworkPolicy.host(), builder().config(contradictory).network(NetworkPolicy.host()).build()
            .network());
        assertEquals(Optional.of("dev"), builder().config(presetAndNone).networkPreset("dev").build().network()
            .presetName());
    }

    @Test
    void anUnknownConfigModeFailsAtBuildNamingTheConfig() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
            () -> builder().config(network("bridged", List.of(), null, Map.of())).build());
        assertEquals("Network policy conflict: Unknown network mode 'bridged' in config. Valid modes: host, none, bridge",
            e.getMessage());
    }

    @Test
    void presetsGetTheRegistriesAndTheConfigsExtraHostsWhetherChosenByConfigOrExplicitly() {
        MinoConfig config = network("bridge", List.of(), "registries",
            Map.of("registries", List.of("mirror.example.internal:443"), "dev", List.of("git.example.internal:22")));

        List<NetworkRule> fromConfig = builder().config(config).build().network().rules();
        assertEquals(new NetworkRule("npm.example.internal", 443), fromConfig.get(0));
        assertTrue(fromConfig.contains(new NetworkRule("maven.example.internal", 443)), fromConfig.toString());
        assertEquals(new NetworkRule("mirror.example.internal", 443), fromConfig.get(fromConfig.size() - 1));
        assertTrue(!fromConfig.contains(new NetworkRule("git.example.internal", 22)), "dev's hosts stay in dev");

        List<NetworkRule> explicit = builder().config(config).networkPreset("dev").build().network().rules();
        assertEquals(new NetworkRule("git.example.internal", 22), explicit.get(explicit.size() - 1));

        List<NetworkRule> added = builder().networkPreset("registries")
            .networkPresetHosts("registries", List.of("second.example.internal:8443")).config(config).build()
            .network().rules();
        assertEquals(List.of(new NetworkRule("second.example.internal", 8443),
            new NetworkRule("mirror.example.internal", 443)), added.subList(added.size() - 2, added.size()),
            "hosts added by the setter and by the config are both kept");
    }

    @Test
    void badPresetInputIsRejectedAtOnce() {
        assertEquals("Network policy conflict: Unknown network preset 'prod'. Available presets: dev, registries",
            assertThrows(InvalidSpecException.class, () -> builder().networkPreset("prod")).getMessage());
        InvalidSpecException bad = assertThrows(InvalidSpecException.class,
            () -> builder().networkPresetHosts("dev", List.of("mirror.example.internal")));
        assertTrue(bad.getMessage().startsWith("container.network_preset_hosts.dev[0] = \"mirror.example.internal\" "
            + "is not a valid destination"), bad.getMessage());
        assertTrue(bad.hint().contains("host:port"), bad.hint());
    }

    @Test
    void anExplicitPolicyReplacesAnExplicitPresetAndTheOtherWayRound() {
        assertEquals(NetworkPolicy.none(), builder().networkPreset("dev").network(NetworkPolicy.none()).build()
            .network());
        assertEquals(Optional.of("dev"), builder().network(NetworkPolicy.none()).networkPreset("dev").build()
            .network().presetName());
    }

    @Test
    void aPresetNeverReadsTheProjectsNpmrc() throws IOException {
        Files.writeString(project.resolve(".npmrc"), "registry=https://planted.attacker.example:4444/\n");
        // No networkRegistries(...): the builder reads the current user's own configuration.
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/app:1").networkPreset("registries")
            .build();
        assertTrue(spec.network().rules().stream().noneMatch(r -> r.host().contains("attacker") || r.port() == 4444),
            spec.network().rules().toString());
    }

    @Test
    void upstreamDnsGoesIntoTheFirewallsCreateBodyOnly() {
        SandboxPlan plan = OfflinePlans.of(builder().network(NetworkPolicy.allow("a.example.internal:443"))
            .upstreamDns("10.0.0.53", "fd00::53"));
        assertEquals(List.of("10.0.0.53", "fd00::53"), plan.spec().upstreamDns());
        assertEquals(List.of("10.0.0.53", "fd00::53"), plan.firewallCreateBody().orElseThrow().get("dns_server"));
        assertFalse(plan.createBody().containsKey("dns_server"), "the sandbox only ever asks mino's resolver");
        assertFalse(OfflinePlans.of(builder().network(NetworkPolicy.allow("a.example.internal:443"))).firewallCreateBody()
            .orElseThrow().containsKey("dns_server"), "by default the resolvers Podman gives the firewall");
    }

    @Test
    void upstreamDnsTakesIpLiteralsOnlyAndOnlyWithAnAllowlist() {
        for (String bad : new String[] {"dns.example", "10.0.0.53:53", "[fd00::53]", "10.0.0.0/8", "", " 10.0.0.1",
            "10.0.0.1;reboot"}) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> builder().upstreamDns(bad), bad);
            assertTrue(e.getMessage().contains("is no IP address"), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
        assertThrows(InvalidSpecException.class, () -> builder().upstreamDns());
        for (NetworkPolicy other : List.of(NetworkPolicy.bridge(), NetworkPolicy.none(), NetworkPolicy.host())) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> builder().network(other).upstreamDns("10.0.0.53").build());
            assertTrue(e.getMessage().contains("only an allowlist has mino's resolver"), e.getMessage());
        }
    }
}
