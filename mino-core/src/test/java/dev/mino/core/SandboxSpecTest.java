package dev.mino.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SandboxSpec as a value: its builder checks, equality, copies with changes, a toString without secrets. */
class SandboxSpecTest {
    private static final String SECRET = "sk-live-0123456789abcdefSECRET";

    @TempDir
    Path tmp;

    private SandboxSpec spec() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("app")).toRealPath();
        return Sandbox.builder().project(project).image("localhost/tools:1").command("sleep", "1")
            .env("API_KEY", SECRET).env("MODE", "test").readOnlyVolume(project.toString(), "/data").name("spec-test")
            .network(NetworkPolicy.allow("github.com:443")).memoryLimit(512L * 1024 * 1024).cpus(1.5)
            .readOnly(true).label("team", "a").build();
    }

    @Test
    void toBuilderThenBuildGivesAnEqualSpec() throws IOException {
        SandboxSpec spec = spec();
        SandboxSpec copy = spec.toBuilder().build();
        assertEquals(spec, copy);
        assertEquals(spec.hashCode(), copy.hashCode());
        // Positive control: one part changed, and the specs differ.
        SandboxSpec other = spec.toBuilder().readOnly(false).build();
        assertNotEquals(spec, other);
        assertTrue(spec.readOnly(), "the original is unchanged");
        assertEquals(spec, spec.toBuilder().readOnly(false).readOnly(true).build());
    }

    @Test
    void theCopiesOfTheWithMethodsKeepEveryOtherPart() throws IOException {
        SandboxSpec spec = spec();
        SandboxSpec composed = spec.withComposedImage("localhost/mino-composed-abc", Map.of("PATH", "/x", "MODE", "no"));
        assertEquals("localhost/mino-composed-abc", composed.image());
        assertEquals("test", composed.env().get("MODE"), "the caller's env wins");
        assertEquals("/x", composed.env().get("PATH"));
        assertEquals(spec, composed.toBuilder().image(spec.image()).env(spec.env()).build());
        SandboxSpec agent = spec.withSshAgentSocket(tmp.resolve("agent.sock"));
        assertEquals("/ssh-agent", agent.env().get("SSH_AUTH_SOCK"));
        assertEquals("/ssh-agent", agent.mounts().get(agent.mounts().size() - 1).containerPath());
        assertEquals("sha256:abc", spec.withFirewallImage("sha256:abc").effectiveFirewallImage());
    }

    @Test
    void theSpecIsImmutableWhateverItsBuilderWasGiven() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        SandboxSpec spec = spec().toBuilder().env(env).build();
        env.put("B", "2");
        assertEquals(Map.of("A", "1"), spec.env());
        assertThrows(UnsupportedOperationException.class, () -> spec.env().put("C", "3"));
        assertThrows(UnsupportedOperationException.class, () -> spec.command().add("x"));
    }

    @Test
    void theBuilderRefusesPartsThatDoNotFit() throws IOException {
        SandboxSpec spec = spec();
        assertThrows(InvalidSpecException.class, () -> spec.toBuilder().project(Path.of("rel")).build());
        assertThrows(InvalidSpecException.class, () -> spec.toBuilder().workdir("work").build());
        assertThrows(InvalidSpecException.class, () -> spec.toBuilder().image(" ").build());
        assertThrows(InvalidSpecException.class, () -> spec.toBuilder().terminalRows(-1).build());
        assertThrows(InvalidSpecException.class, () -> spec.toBuilder().stateDirectory(Path.of("state")).build());
        assertThrows(NullPointerException.class, () -> spec.toBuilder().network(null).build());
        assertThrows(NullPointerException.class, () -> spec.toBuilder().command(java.util.Arrays.asList("a", null))
            .build());
        assertThrows(InvalidSpecException.class, () -> SandboxSpec.builder().build(), "nothing set");
        SandboxSpec minimal = SandboxSpec.builder().project(tmp).workdir("/workspace").image("busybox").build();
        assertEquals(NetworkPolicy.bridge(), minimal.network());
        assertEquals(ResourceLimits.DEFAULTS, minimal.limits());
        assertTrue(minimal.auditLog());
    }

    /** Attack: a token passed as env must not reach a log through the spec's toString. */
    @Test
    void toStringNamesTheEnvButNeverShowsItsValues() throws IOException {
        SandboxSpec spec = spec();
        assertEquals(SECRET, spec.env().get("API_KEY"), "positive control: the spec holds the value");
        String text = spec.toString();
        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("API_KEY"), text);
        assertTrue(text.contains("localhost/tools:1"), text);
    }

    @Test
    void theAccessorsKeepTheirRecordNames() throws IOException {
        SandboxSpec spec = spec();
        assertEquals(List.of("sleep", "1"), spec.command());
        assertEquals("spec-test", spec.name());
        assertEquals(1.5, spec.limits().cpus());
        assertEquals("a", spec.labels().get("team"));
        assertTrue(spec.mounts().get(0).readOnly());
    }
}
