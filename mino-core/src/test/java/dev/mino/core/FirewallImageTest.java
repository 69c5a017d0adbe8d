package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.OfflinePlans;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall runs from mino's own image, never the sandbox's or one that layers composed (a
 * project layer could have changed its tools), unless the embedding program names one.
 */
class FirewallImageTest {

    @TempDir
    Path project;

    private SandboxBuilder builder() throws IOException {
        Path dir = Files.createDirectories(project.resolve(".mino/layers/mine"));
        Files.writeString(dir.resolve("layer.toml"), "[layer]\nname = \"mine\"\ndescription = \"d\"\nversion = \"1\"\n");
        Files.writeString(dir.resolve("install.sh"), "rm /usr/sbin/iptables\n");
        return Sandbox.builder().project(project).layers("mine").baseImage("localhost/base:1").trustProjectLayers(true)
            .network(NetworkPolicy.allow("10.0.0.1:443")).command("true");
    }

    private static Object firewallImage(SandboxPlan plan) {
        return plan.firewallCreateBody().orElseThrow().get("image");
    }

    @Test
    void aComposedSandboxsFirewallRunsMinosOwnImageNeitherTheComposedNorTheBaseImage() throws IOException {
        SandboxPlan plan = OfflinePlans.of(builder());
        assertTrue(plan.spec().image().startsWith("mino-composed-"), plan.spec().image());
        assertEquals(FirewallImage.REFERENCE, firewallImage(plan));
        assertEquals("localhost/mino-firewall:r" + FirewallImage.RECIPE, FirewallImage.REFERENCE);
    }

    @Test
    void theEmbeddersFirewallImageWins() throws IOException {
        assertEquals("localhost/firewall:1", firewallImage(OfflinePlans.of(builder().firewallImage("localhost/firewall:1"))));
    }

    @Test
    void withoutLayersTheFirewallRunsMinosOwnImageNotTheSandboxs() {
        SandboxPlan plan = OfflinePlans.of(Sandbox.builder().project(project).image("localhost/tools:1")
            .network(NetworkPolicy.allow("10.0.0.1:443")).command("true"));
        assertEquals(FirewallImage.REFERENCE, firewallImage(plan));
        assertEquals(FirewallImage.REFERENCE, plan.spec().effectiveFirewallImage());
        assertNull(plan.spec().firewallImage(), "the start resolves the pinned id; the spec asks for mino's image");
    }

    @Test
    void composingKeepsTheFirewallImageAndAStartCanPinItsId() {
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1")
            .network(NetworkPolicy.allow("10.0.0.1:443")).command("true").build();
        assertNull(spec.withComposedImage("localhost/mino-composed-0123456789ab", java.util.Map.of()).firewallImage());
        String id = "a".repeat(64);
        SandboxSpec pinned = spec.withFirewallImage(id);
        assertEquals(id, pinned.effectiveFirewallImage());
        assertEquals(id, pinned.withComposedImage("localhost/mino-composed-0123456789ab", java.util.Map.of())
            .effectiveFirewallImage());
        assertEquals(spec.network(), pinned.network(), "only the firewall image changes");
        assertEquals(spec.image(), pinned.image());
    }

    @Test
    void noConfigKeyCanChooseTheFirewallImage() {
        assertTrue(dev.mino.core.internal.config.ConfigSchema.keys().stream()
            .noneMatch(key -> key.name().toLowerCase(java.util.Locale.ROOT).contains("firewall")),
            "a project's .mino.toml must not pick the image that enforces its own allowlist");
    }
}
