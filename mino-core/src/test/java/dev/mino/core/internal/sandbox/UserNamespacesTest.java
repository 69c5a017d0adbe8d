package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.MinoException;
import dev.mino.core.PodmanException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.cache.PreparedVolumes;
import dev.mino.core.internal.credentials.SecretDelivery;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which user namespace a sandbox gets, decided from the engine's facts, and the create body it makes. */
class UserNamespacesTest {
    private static final Owner OWNER = new Owner("h", 1, 1L);
    private static final EngineFacts ROOTFUL = new EngineFacts(false, "v1", 8L << 30, 4);
    private static final EngineFacts ROOTLESS = new EngineFacts(true, "v1", 8L << 30, 4);

    @TempDir
    Path project;

    private SandboxPlan plan(SandboxSpec spec, EngineFacts facts) {
        return SandboxPlanner.plan(spec, "s1", OWNER,
            PreparedVolumes.NONE.withHome("mino-home-x"), SecretDelivery.NONE, null, facts);
    }

    @Test
    void theDecision() {
        assertEquals(UserNamespaces.Mapping.ENGINE_USER, UserNamespaces.decide(true, false));
        assertEquals(UserNamespaces.Mapping.ENGINE_USER, UserNamespaces.decide(true, true));
        assertEquals(UserNamespaces.Mapping.AUTO, UserNamespaces.decide(false, false));
        assertEquals(UserNamespaces.Mapping.HOST, UserNamespaces.decide(false, true));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRootfulEngineGetsAUserNamespaceOfItsOwnAndHandsTheProjectToIt() {
        SandboxPlan plan = plan(Sandbox.builder().project(project).image("localhost/x").build(), ROOTFUL);
        Map<String, Object> body = plan.createBody();
        assertEquals(Map.of("nsmode", "auto"), body.get("userns"));
        assertEquals(Map.of("AutoUserNs", true, "AutoUserNsOpts", Map.of("Size", 65536)), body.get("idmappings"));
        Map<String, Object> projectMount = ((List<Map<String, Object>>) body.get("mounts")).get(0);
        assertEquals(List.of("rw", "rbind", "U"), projectMount.get("options"));
        Map<String, Object> home = ((List<Map<String, Object>>) body.get("volumes")).get(0);
        assertEquals(List.of("rw", "U"), home.get("Options"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rootlessAndOptedInSandboxesAreLeftAsTheyWere() {
        for (SandboxPlan plan : List.of(
            plan(Sandbox.builder().project(project).image("localhost/x").build(), ROOTLESS),
            plan(Sandbox.builder().project(project).image("localhost/x").allowRootfulEngine(true).build(), ROOTFUL))) {
            assertNull(plan.createBody().get("userns"));
            assertNull(plan.createBody().get("idmappings"));
            Map<String, Object> projectMount = ((List<Map<String, Object>>) plan.createBody().get("mounts")).get(0);
            assertEquals(List.of("rw", "rbind"), projectMount.get("options"));
        }
    }

    @Test
    void withAnAllowlistTheSandboxJoinsTheFirewallsUserNamespace() {
        SandboxPlan plan = plan(Sandbox.builder().project(project).image("localhost/x")
            .network(NetworkPolicy.allow("example.com:443")).build(), ROOTFUL);
        Map<String, Object> firewall = plan.firewallCreateBody().orElseThrow();
        assertEquals(Map.of("nsmode", "auto"), firewall.get("userns"));
        assertEquals(Map.of("nsmode", "container", "value", SandboxPlanner.firewallName("s1")),
            plan.createBody().get("userns"));
    }

    @Test
    void aSandboxJoiningTheFirewallsNamespaceGetsItsMappings() throws Exception {
        com.fasterxml.jackson.databind.JsonNode inspect = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"HostConfig\":{\"IDMappings\":{\"UidMap\":[\"0:2147483647:65536\"],\"GidMap\":[\"0:2147483647:65536\"]}}}");
        Map<String, Object> joining = Map.of("userns", Map.of("nsmode", "container", "value", "fw"));
        Map<String, Object> range = Map.of("container_id", 0L, "host_id", 2147483647L, "size", 65536L);
        assertEquals(Map.of("UIDMap", List.of(range), "GIDMap", List.of(range)),
            UserNamespaces.withMappingsOf(joining, inspect).get("idmappings"));
        Map<String, Object> own = Map.of("userns", Map.of("nsmode", "auto"));
        assertEquals(own, UserNamespaces.withMappingsOf(own, inspect));
        com.fasterxml.jackson.databind.JsonNode none = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"HostConfig\":{\"IDMappings\":{\"UidMap\":null}}}");
        org.junit.jupiter.api.Assertions.assertThrows(MinoException.class,
            () -> UserNamespaces.withMappingsOf(joining, none), "never the host's ids by accident");
    }

    @Test
    void theHomeFolderOrARootIsNeverHandedToASandbox() {
        Path home = Path.of("/home/alice");
        UserNamespaces.requireHandable(Path.of("/home/alice/src/app"), home);
        for (Path project : List.of(home, Path.of("/home"), Path.of("/"))) {
            dev.mino.core.InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mino.core.InvalidSpecException.class, () -> UserNamespaces.requireHandable(project, home));
            assertTrue(e.hint().contains("allowRootfulEngine(true)"), e.hint());
            assertEquals(java.util.Optional.of(dev.mino.core.ErrorCodes.ROOTFUL_PROJECT_NOT_HANDABLE), e.code());
            assertFalse(e.hint().contains("--"), "names no command-line flag: " + e.hint());
        }
        Path realHome = Path.of(System.getProperty("user.home"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.mino.core.InvalidSpecException.class,
            () -> plan(Sandbox.builder().project(realHome).image("localhost/x").build(), ROOTFUL));
        plan(Sandbox.builder().project(realHome).image("localhost/x").allowRootfulEngine(true).build(), ROOTFUL);
    }

    @Test
    void theBodyCarriesTheLimits() {
        SandboxPlan plan = plan(Sandbox.builder().project(project).image("localhost/x").memoryLimit("1g").cpus(0.5)
            .pidsLimit(256).build(), ROOTLESS);
        assertEquals(Map.of("memory", Map.of("limit", 1L << 30), "cpu", Map.of("quota", 50_000L, "period", 100_000L),
            "pids", Map.of("limit", 256L)), plan.createBody().get("resource_limits"));
        SandboxPlan defaults = plan(Sandbox.builder().project(project).image("localhost/x").build(), ROOTLESS);
        assertEquals(Map.of("memory", Map.of("limit", 4L << 30), "cpu", Map.of("quota", 300_000L, "period", 100_000L),
            "pids", Map.of("limit", 4096L)), defaults.createBody().get("resource_limits"));
    }

    @Test
    void aCgroupV2EngineGetsOnlyTheLimitsItHasControllersFor() {
        EngineFacts noCpu = new EngineFacts(true, "v2", 8L << 30, 4, List.of("memory", "pids"));
        SandboxPlan plan = plan(Sandbox.builder().project(project).image("localhost/x").build(), noCpu);
        assertEquals(Map.of("memory", Map.of("limit", 4L << 30), "pids", Map.of("limit", 4096L)),
            plan.createBody().get("resource_limits"));
        assertEquals(List.of("cpu"), noCpu.missingControllers());
        assertTrue(UnenforcedLimits.message(noCpu).startsWith("The cpu limits are not enforced"),
            UnenforcedLimits.message(noCpu));
        EngineFacts all = new EngineFacts(true, "v2", 0, 0, List.of("cpuset", "cpu", "io", "memory", "pids"));
        assertNull(UnenforcedLimits.message(all));
        assertTrue(UnenforcedLimits.message(ROOTLESS).startsWith("Memory, CPU and pids limits are not enforced"));
    }

    @Test
    void missingSubordinateIdsBecomeARefusalThatSaysWhyAndWhatToDo() {
        PodmanException podman = new PodmanException("create container failed: creating container storage: could not "
            + "find enough available IDs", "", 500, "could not find enough available IDs");
        MinoException refusal = UserNamespaces.refusal(podman).orElseThrow();
        assertTrue(refusal.getMessage().contains("uid 0 in the sandbox would be the host's root"), refusal.getMessage());
        assertTrue(refusal.hint().contains("containers:2147483647:2147483648"), refusal.hint());
        assertTrue(refusal.hint().contains("allowRootfulEngine(true)"), refusal.hint());
        assertEquals(java.util.Optional.of(dev.mino.core.ErrorCodes.ROOTFUL_NO_SUBORDINATE_IDS), refusal.code());
        assertFalse(refusal.hint().contains("--"), "names no command-line flag: " + refusal.hint());
        assertFalse(UserNamespaces.refusal(new PodmanException("image not known", "", 500, "image not known"))
            .isPresent());
    }

    @Test
    void limitsAreEnforcedExceptByARootlessCgroupV1Engine() {
        assertFalse(ROOTLESS.enforcesLimits());
        assertTrue(ROOTFUL.enforcesLimits());
        assertTrue(new EngineFacts(true, "v2", 0, 0).enforcesLimits());
        assertTrue(UnenforcedLimits.isPodmansWarning(
            "Resource limits are not supported and ignored on cgroups V1 rootless systems"));
    }
}
