package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.InvalidSpecException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure planning step from facts, as a dry run and a start both use it: the credentials'
 * wrapper and secrets, the agent relay's socket, the firewall from its pinned id, and the user
 * namespaces of rootless and rootful engines. Golden where the whole request matters; no Podman.
 */
class PlanFromFactsTest {
    private static final Owner OWNER = new Owner("build-host", 4242, 1_700_000_000_000L, new Owner.Scope(
        "0123456789abcdef0123456789abcdef", "5e7a1d0c-8f3b-4b8e-9a51-2c6f0e1d4b7a", "pid:[4026531836]"));
    private static final EngineFacts ROOTLESS = new EngineFacts(true, "v2", 16L << 30, 4);
    private static final EngineFacts ROOTFUL = new EngineFacts(false, "v2", 16L << 30, 4);
    private static final String FIREWALL_ID = "f".repeat(64);
    private static final ImagesApi.ImageDefaults IMAGE = new ImagesApi.ImageDefaults(List.of("/entry.sh"),
        List.of("/bin/zsh"), "developer");
    private static final PlannedCredential AWS = new PlannedCredential("aws",
        List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"), Map.of("AWS_REGION", "eu-west-1"));

    @TempDir
    Path tmp;

    private Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("projects/my-app")).toRealPath();
    }

    private static PlanFacts facts(SandboxSpec spec, EngineFacts engine, SshAgentRelay.Plan relay) {
        String firewall = spec.network().mode() == dev.mino.network.NetworkMode.ALLOWLIST ? FIREWALL_ID : null;
        return new PlanFacts(spec, firewall, Optional.empty(), false, engine, spec.credentials().isEmpty() ? null : IMAGE,
            PreparedVolumes.NONE, relay, List.of());
    }

    private String golden(String name, Path project, Path extra) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("${PROJECT}", project.toString()).replace("${EXTRA}", String.valueOf(extra)).strip();
        }
    }

    private static String json(Object value) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    @Test
    void credentialsAgentAndFirewallAsAStartCreatesThem() throws IOException {
        Path project = project();
        Path relayFolder = tmp.resolve("run/mino/mino-agent-0123456789abcdef");
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1.0").command("npm", "test")
            .env("A_VAR", "1").network(NetworkPolicy.allow("*.example.org:443")).credentials(new StubProvider())
            .build();
        PlanFacts facts = facts(spec, ROOTLESS, new SshAgentRelay.Plan(tmp.resolve("agent"), relayFolder, false));
        SandboxPlan plan = SandboxPlanner.plan(facts, "golden-1", OWNER, SecretDelivery.planned("golden-1",
            List.of(AWS)));

        assertEquals(golden("plan-credentials-agent-allowlist.json", project, relayFolder.resolve("agent.sock")),
            json(plan.createBody()).strip());
        Map<String, Object> firewall = plan.firewallCreateBody().orElseThrow();
        assertEquals(FIREWALL_ID, firewall.get("image"), "the firewall runs from the pinned id the facts name");
        assertEquals("mino-golden-1-firewall", firewall.get("name"));
        String prefix = SecretDelivery.secretPrefix("golden-1");
        assertEquals(Map.of(prefix + "0", "AWS_ACCESS_KEY_ID", prefix + "1", "AWS_SECRET_ACCESS_KEY",
            prefix + "2", "AWS_SESSION_TOKEN"), plan.secrets());
        assertEquals(Optional.of(relayFolder.resolve("agent.sock")), plan.agentRelaySocket());
        assertEquals(Optional.empty(), plan.imageToBuild());
        assertTrue(plan.spec().mounts().stream().anyMatch(m -> m.containerPath().equals("/ssh-agent")),
            "the plan's spec is the sandbox's: a started sandbox tells its relay mount");
    }

    @Test
    void whatWasIssuedPlansExactlyAsWhatWasDeclared() throws IOException {
        SandboxSpec spec = Sandbox.builder().project(project()).image("localhost/tools:1.0")
            .credentials(new StubProvider()).build();
        PlanFacts facts = facts(spec, ROOTLESS, null);
        IssuedCredential issued = new IssuedCredential("aws", Map.of("AWS_ACCESS_KEY_ID", "AKIA-SECRET",
            "AWS_SECRET_ACCESS_KEY", "s3cr3t", "AWS_SESSION_TOKEN", "t0k3n"), Map.of("AWS_REGION", "eu-west-1"),
            Instant.now());
        // Map.of has no order; the declaration's order decides the secret names, so issue in that order.
        IssuedCredential ordered = new IssuedCredential("aws", orderedAs(AWS.secretVariables(), issued.secrets()),
            issued.plainEnv(), issued.expiresAt());
        SecretDelivery declared = SecretDelivery.planned("s1", List.of(AWS));
        SecretDelivery delivered = SecretDelivery.of("s1", List.of(ordered));
        assertEquals(declared, delivered);
        SandboxPlan fromDeclared = SandboxPlanner.plan(facts, "s1", OWNER, declared);
        SandboxPlan fromIssued = SandboxPlanner.plan(facts, "s1", OWNER, delivered);
        assertEquals(json(fromDeclared.createBody()), json(fromIssued.createBody()));
        assertFalse(json(fromIssued.createBody()).contains("s3cr3t"), "no value ever enters the plan");
        assertFalse(json(fromIssued.createBody()).contains("AKIA-SECRET"));

        // The control: a provider that failed (strict mode off) leaves no wrapper and no secrets.
        SandboxPlan without = SandboxPlanner.plan(facts, "s1", OWNER, SecretDelivery.of("s1", List.of()));
        assertFalse(without.createBody().containsKey("secrets"));
        assertFalse(without.createBody().containsKey("entrypoint"));
        assertTrue(without.secrets().isEmpty());
    }

    private static Map<String, String> orderedAs(List<String> order, Map<String, String> values) {
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        order.forEach(key -> ordered.put(key, values.get(key)));
        return ordered;
    }

    @Test
    void theWrapperRunsTheImagesEntrypointWithTheImagesCommandWhenNoneIsGiven() throws IOException {
        SandboxSpec spec = Sandbox.builder().project(project()).image("localhost/tools:1.0")
            .credentials(new StubProvider()).build();
        SandboxPlan plan = SandboxPlanner.plan(facts(spec, ROOTLESS, null), "s1", OWNER,
            SecretDelivery.planned("s1", List.of(AWS)));
        assertEquals(List.of("/bin/sh", "-c", SecretDelivery.WRAPPER, SecretDelivery.WRAPPER_NAME),
            plan.createBody().get("entrypoint"));
        assertEquals(List.of("/entry.sh", "/bin/zsh"), plan.createBody().get("command"));

        PlanFacts noCommand = new PlanFacts(spec, null, Optional.empty(), false, ROOTLESS,
            new ImagesApi.ImageDefaults(List.of(), List.of(), ""), PreparedVolumes.NONE, null, List.of());
        assertThrows(InvalidSpecException.class, () -> SandboxPlanner.plan(noCommand, "s1", OWNER,
            SecretDelivery.planned("s1", List.of(AWS))), "refused when planned: before anything is minted");
    }

    @Test
    void rootlessAndRootfulEnginesPlanTheirUserNamespaces() throws IOException {
        SandboxSpec spec = Sandbox.builder().project(project()).image("localhost/tools:1.0").command("true")
            .network(NetworkPolicy.allow("10.0.0.1:443")).build();
        SandboxPlan rootless = SandboxPlanner.plan(facts(spec, ROOTLESS, null), "s1", OWNER, SecretDelivery.NONE);
        assertFalse(rootless.createBody().containsKey("userns"), "a rootless engine's own user namespace");
        assertFalse(rootless.firewallCreateBody().orElseThrow().containsKey("userns"));

        SandboxPlan rootful = SandboxPlanner.plan(facts(spec, ROOTFUL, null), "s1", OWNER, SecretDelivery.NONE);
        assertEquals(Map.of("nsmode", "container", "value", "mino-s1-firewall"), rootful.createBody().get("userns"),
            "the sandbox joins the firewall's user namespace, which owns the network namespace it joins");
        assertEquals(Map.of("nsmode", "auto"), rootful.firewallCreateBody().orElseThrow().get("userns"));
        assertEquals(FIREWALL_ID, rootful.firewallCreateBody().orElseThrow().get("image"));
    }

    @Test
    void anInterceptionMountsTheProxyFolderIntoTheFirewallOnlyAndPassesTheTargets() throws IOException {
        SandboxSpec spec = Sandbox.builder().project(project()).image("localhost/tools:1.0").command("true")
            .network(NetworkPolicy.allow("api.github.com:443", "*.example.org:8443")).build();
        Path folder = tmp.resolve("run/mino-proxy-0123");
        ProxyInterception interception = new ProxyInterception(folder, List.of(
            dev.mino.network.InterceptTarget.of("api.github.com"),
            new dev.mino.network.InterceptTarget("git.example.org", 8443)));
        SandboxPlan plan = SandboxPlanner.plan(facts(spec, ROOTLESS, null), "s1", OWNER, SecretDelivery.NONE,
            interception);
        Map<String, Object> firewall = plan.firewallCreateBody().orElseThrow();
        assertEquals(List.of(Map.of("destination", "/run/mino-proxy", "type", "bind", "source", folder.toString(),
            "options", List.of("rw", "rbind", "nosuid", "nodev", "noexec"))), firewall.get("mounts"));
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) firewall.get("command");
        assertEquals(List.of("guard", "--intercept", "api.github.com:443", "--intercept", "git.example.org:8443",
            "api.github.com:443", "*.example.org:8443"), command.subList(3, command.size()));
        assertFalse(json(plan.createBody()).contains(folder.toString()), "the sandbox never gets the proxy's folder");
        assertFalse(json(plan.createBody()).contains("/run/mino-proxy"));

        // The control: without an interception, the firewall has no mount and the guard no target.
        SandboxPlan plain = SandboxPlanner.plan(facts(spec, ROOTLESS, null), "s1", OWNER, SecretDelivery.NONE);
        assertFalse(plain.firewallCreateBody().orElseThrow().containsKey("mounts"));
        assertFalse(((List<?>) plain.firewallCreateBody().orElseThrow().get("command")).contains("--intercept"));

        // A rootful engine's firewall lives in a user namespace of its own: the folder is handed to it.
        SandboxPlan rootful = SandboxPlanner.plan(facts(spec, ROOTFUL, null), "s1", OWNER, SecretDelivery.NONE,
            interception);
        assertTrue(json(rootful.firewallCreateBody().orElseThrow().get("mounts")).contains("\"U\""));
        assertFalse(json(rootful.createBody()).contains("/run/mino-proxy"));
    }

    @Test
    void anInterceptionNeedsAnAllowlistThatAllowsItsTargets() throws IOException {
        Path folder = tmp.resolve("proxy");
        ProxyInterception github = new ProxyInterception(folder, List.of(dev.mino.network.InterceptTarget.of(
            "api.github.com")));
        SandboxSpec bridge = Sandbox.builder().project(project()).image("localhost/tools:1.0").command("true").build();
        InvalidSpecException noFirewall = assertThrows(InvalidSpecException.class, () -> SandboxPlanner.plan(
            facts(bridge, ROOTLESS, null), "s1", OWNER, SecretDelivery.NONE, github));
        assertTrue(noFirewall.getMessage().contains("allowlist"), noFirewall.getMessage());
        SandboxSpec other = Sandbox.builder().project(project()).image("localhost/tools:1.0").command("true")
            .network(NetworkPolicy.allow("github.com:443")).build();
        InvalidSpecException notAllowed = assertThrows(InvalidSpecException.class, () -> SandboxPlanner.plan(
            facts(other, ROOTLESS, null), "s1", OWNER, SecretDelivery.NONE, github));
        assertTrue(notAllowed.getMessage().contains("api.github.com:443"), notAllowed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProxyInterception(folder, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ProxyInterception(Path.of("relative"),
            github.targets()));
    }

    @Test
    void aComposedImageMissingOnTheEngineIsListedToBuild() throws IOException {
        SandboxSpec spec = Sandbox.builder().project(project()).image("localhost/mino-composed-abc:latest")
            .command("true").build();
        PlanFacts facts = new PlanFacts(spec, null, Optional.of(dev.mino.layers.CompositionPlan.builder()
            .layers(List.of()).build()), true, ROOTLESS, null, PreparedVolumes.NONE, null, List.of());
        assertEquals(Optional.of("localhost/mino-composed-abc:latest"),
            SandboxPlanner.plan(facts, "s1", OWNER, SecretDelivery.NONE).imageToBuild());
    }

    /** A provider this test never asks to mint: the plan uses declarations only. */
    private static final class StubProvider implements dev.mino.core.credentials.CredentialProvider {
        @Override
        public String name() {
            return "aws";
        }

        @Override
        public String cacheKey() {
            return "stub";
        }

        @Override
        public IssuedCredential issue() {
            throw new AssertionError("planning never mints");
        }

        @Override
        public Optional<PlannedCredential> planned() {
            return Optional.of(AWS);
        }
    }
}
