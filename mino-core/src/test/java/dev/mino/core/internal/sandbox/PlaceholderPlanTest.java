package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoEvent;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.core.internal.credentials.TrustDelivery;
import dev.mino.core.internal.podman.ImagesApi;
import dev.mino.network.EgressGuard;
import dev.mino.network.InterceptTarget;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan of a sandbox that holds credential placeholders, as a dry run shows it and a start
 * makes it: the trust files and variables in the sandbox, the intercepted hosts and the proxy's
 * folder in the firewall only, and nothing of it without placeholders. No Podman.
 */
class PlaceholderPlanTest {
    private static final Owner OWNER = new Owner("build-host", 4242, 1_700_000_000_000L, new Owner.Scope(
        "0123456789abcdef0123456789abcdef", "5e7a1d0c-8f3b-4b8e-9a51-2c6f0e1d4b7a", "pid:[4026531836]"));
    private static final EngineFacts ROOTLESS = new EngineFacts(true, "v2", 16L << 30, 4);
    private static final ImagesApi.ImageDefaults IMAGE = new ImagesApi.ImageDefaults(List.of(), List.of("/bin/sh"),
        "developer");
    private static final PlannedCredential GITHUB = new PlannedCredential("github", List.of("GITHUB_TOKEN", "GH_TOKEN"),
        Map.of());

    @TempDir
    Path tmp;

    private SandboxSpec spec(boolean placeholders, String... rules) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("p")).toRealPath();
        return Sandbox.builder().project(project).image("localhost/tools:1").command("gh", "pr", "list")
            .network(NetworkPolicy.allow(rules)).credentials(new DeclaringGitHub())
            .credentialPlaceholders(placeholders).build();
    }

    private SandboxPlan plan(SandboxSpec spec, ProxyInterception interception) {
        PlanFacts facts = new PlanFacts(spec, "f".repeat(64), Optional.empty(), false, ROOTLESS, IMAGE,
            PreparedVolumes.NONE, null, List.of());
        return SandboxPlanner.plan(facts, "ph-1", OWNER, SecretDelivery.planned("ph-1", List.of(GITHUB)), interception);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.getOrDefault(key, List.of());
    }

    @Test
    void theSandboxTrustsMinosAuthorityAndOnlyTheFirewallReachesTheProxy() throws IOException {
        SandboxSpec spec = spec(true, "api.github.com:443", "pypi.org:443");
        Path folder = tmp.resolve("run/mino-proxy-0123456789abcdef");
        ProxyInterception interception = CredentialProxySetup.interception(spec, List.of("github"), folder,
            SandboxListener.NONE);
        assertEquals(List.of(new InterceptTarget("api.github.com", 443)), interception.targets(),
            "only the provider's hosts the allowlist admits");
        SandboxPlan plan = plan(spec, interception);
        Map<String, Object> body = plan.createBody();

        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) body.get("env");
        assertEquals(TrustDelivery.BUNDLE, env.get("SSL_CERT_FILE"));
        assertEquals(TrustDelivery.BUNDLE, env.get("GIT_SSL_CAINFO"));
        assertEquals(TrustDelivery.AUTHORITY, env.get("NODE_EXTRA_CA_CERTS"));
        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("-Djavax.net.ssl.trustStore=" + TrustDelivery.JAVA_TRUST));
        @SuppressWarnings("unchecked")
        List<String> entrypoint = (List<String>) body.get("entrypoint");
        assertTrue(entrypoint.get(2).startsWith(TrustDelivery.WRAPPER_PREFIX), "the bundle is written first");
        assertTrue(entrypoint.get(2).endsWith(SecretDelivery.WRAPPER));

        String prefix = SecretDelivery.secretPrefix("ph-1");
        List<Object> targets = new ArrayList<>();
        list(body, "secrets").forEach(secret -> targets.add(secret.get("Target")));
        assertEquals(List.of(SecretDelivery.DIRECTORY + "/GITHUB_TOKEN", SecretDelivery.DIRECTORY + "/GH_TOKEN",
            TrustDelivery.AUTHORITY, TrustDelivery.JAVA_TRUST), targets);
        assertEquals(Map.of(prefix + "0", "GITHUB_TOKEN", prefix + "1", "GH_TOKEN", prefix + "ca",
            TrustDelivery.AUTHORITY, prefix + "jts", TrustDelivery.JAVA_TRUST), plan.secrets());
        assertTrue(list(body, "mounts").stream().anyMatch(m -> TrustDelivery.DIRECTORY.equals(m.get("destination"))
            && ((List<?>) m.get("options")).contains("mode=1777")), "a tmpfs the wrapper may write the bundle to");
        assertFalse(body.toString().contains(EgressGuard.PROXY_FOLDER), "the sandbox never mounts the proxy's folder");
        assertFalse(body.toString().contains(folder.toString()));

        Map<String, Object> firewall = plan.firewallCreateBody().orElseThrow();
        assertTrue(list(firewall, "mounts").stream().anyMatch(m -> EgressGuard.PROXY_FOLDER.equals(m.get("destination"))
            && folder.toString().equals(m.get("source"))), firewall.toString());
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) firewall.get("command");
        int intercept = command.indexOf("--intercept");
        assertTrue(intercept > 0 && command.get(intercept + 1).equals("api.github.com:443")
            && command.lastIndexOf("--intercept") == intercept, "one target, the admitted host: " + command);
    }

    @Test
    void withoutPlaceholdersNothingOfItIsPlanned() throws IOException {
        SandboxSpec spec = spec(false, "api.github.com:443");
        assertNull(CredentialProxySetup.interception(spec, List.of("github"), tmp.resolve("f"), SandboxListener.NONE));
        SandboxPlan plan = plan(spec, null);
        String body = plan.createBody().toString();
        assertFalse(body.contains("SSL_CERT_FILE") || body.contains(TrustDelivery.DIRECTORY), body);
        assertFalse(list(plan.firewallCreateBody().orElseThrow(), "mounts").stream()
            .anyMatch(m -> EgressGuard.PROXY_FOLDER.equals(m.get("destination"))));
        assertEquals(2, plan.secrets().size());
    }

    @Test
    void providerHostsOutsideTheAllowlistAreToldAndNotIntercepted() throws IOException {
        SandboxSpec spec = spec(true, "pypi.org:443");
        List<MinoEvent> told = new ArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onEvent(MinoEvent event) {
                told.add(event);
            }
        };
        assertNull(CredentialProxySetup.interception(spec, List.of("github"), tmp.resolve("f"), listener));
        assertEquals(1, told.size());
        assertTrue(((MinoEvent.Warning) told.get(0)).message().contains("placeholders work nowhere"), told.toString());
        // The sandbox still holds placeholders and trusts the authority: no real token goes in.
        assertTrue(plan(spec, null).createBody().toString().contains("SSL_CERT_FILE"));
    }

    /** A GitHub provider that declares its variables and never mints. */
    private static final class DeclaringGitHub implements CredentialProvider {
        @Override
        public String name() {
            return "github";
        }

        @Override
        public String cacheKey() {
            return "declaring-github";
        }

        @Override
        public IssuedCredential issue() {
            throw new AssertionError("planning never mints");
        }

        @Override
        public Optional<PlannedCredential> planned() {
            return Optional.of(GITHUB);
        }
    }
}
