package dev.mino.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.FirewallImage;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.testing.OfflinePlans;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team: the sandbox writes the project, so a planted (and then trusted) {@code .mino.toml}
 * tries to choose the image that enforces its own allowlist. No key does: it is an unknown key,
 * reported, and the firewall stays mino's own image. The global file cannot either.
 */
class FirewallImageConfigTest {

    @Test
    void noConfigFileCanChooseTheFirewallImage(@TempDir Path temp) {
        ConfigTestSupport files = new ConfigTestSupport(temp);
        ConfigTestSupport.write(files.localFile(), "[container]\nnetwork_allow = [\"10.0.0.1:443\"]\n"
            + "firewall_image = \"localhost/evil:1\"\nimage = \"localhost/tools:1\"\n");
        ConfigTestSupport.write(files.globalFile(), "[container]\nfirewall_image = \"localhost/evil:2\"\n"
            + "[network]\nfirewall_image = \"localhost/evil:3\"\n");
        LoadedConfig loaded = MinoConfig.load(files.options().trustLocal(true).build());
        assertTrue(loaded.warnings().stream()
            .anyMatch(w -> w.startsWith("Unknown config key container.firewall_image")),
            loaded.warnings().toString());

        SandboxPlan plan = OfflinePlans.of(Sandbox.builder().project(files.project).config(loaded.config()).command("true"));
        assertEquals("localhost/tools:1", plan.spec().image(), "the control: the trusted file's other keys apply");
        assertTrue(plan.firewallCreateBody().isPresent(), "the control: its allowlist applies");
        assertEquals(FirewallImage.REFERENCE, plan.firewallCreateBody().get().get("image"));
    }
}
