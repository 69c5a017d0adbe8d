package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firewall never runs from an image that layers composed: a project layer could have changed iptables in it. */
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
    void aComposedSandboxHasItsFirewallOnTheUncomposedBaseImage() throws IOException {
        SandboxPlan plan = builder().plan();
        assertTrue(plan.spec().image().startsWith("mino-composed-"), plan.spec().image());
        assertEquals("localhost/base:1", firewallImage(plan));
    }

    @Test
    void theEmbeddersFirewallImageWins() throws IOException {
        assertEquals("localhost/firewall:1", firewallImage(builder().firewallImage("localhost/firewall:1").plan()));
    }

    @Test
    void withoutLayersTheFirewallRunsFromTheSandboxImage() {
        SandboxPlan plan = Sandbox.builder().project(project).image("localhost/tools:1")
            .network(NetworkPolicy.allow("10.0.0.1:443")).command("true").plan();
        assertEquals("localhost/tools:1", firewallImage(plan));
    }

    @Test
    void noConfigKeyCanChooseTheFirewallImage() {
        assertTrue(dev.mino.core.internal.config.ConfigSchema.keys().stream()
            .noneMatch(key -> key.name().toLowerCase(java.util.Locale.ROOT).contains("firewall")),
            "a project's .mino.toml must not pick the image that enforces its own allowlist");
    }
}
