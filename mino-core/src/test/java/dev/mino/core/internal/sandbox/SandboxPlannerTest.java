package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mino.core.Sandbox;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The create request for fixed specs, compared with golden files: no Podman involved. */
class SandboxPlannerTest {
    private static final Owner OWNER = new Owner("build-host", 4242, 1_700_000_000_000L, new Owner.Scope(
        "0123456789abcdef0123456789abcdef", "5e7a1d0c-8f3b-4b8e-9a51-2c6f0e1d4b7a", "pid:[4026531836]"));
    /** A rootless engine on a host of 16 GiB and 4 CPUs: default limits 8 GiB and 3 CPUs. */
    private static final EngineFacts FACTS = new EngineFacts(true, "v2", 16L << 30, 4);

    private static SandboxPlan plan(SandboxSpec spec, String session) {
        return SandboxPlanner.plan(spec, session, OWNER, dev.mino.core.internal.cache.PreparedVolumes.NONE,
            dev.mino.core.internal.credentials.SecretDelivery.NONE, null, FACTS);
    }

    @TempDir
    Path tmp;

    private String golden(String name, Path project, Path extra) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("${PROJECT}", project.toString()).replace("${EXTRA}", String.valueOf(extra)).strip();
        }
    }

    @Test
    void planOfADefaultSandboxIsHardened() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("my-app")).toRealPath();
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1.0")
            .command("npm", "test").env("B_VAR", "2").env("A_VAR", "1").build();
        SandboxPlan plan = plan(spec, "session-0badf00d");
        assertEquals(golden("plan-default.json", project, null), plan.toJson().strip());
        assertEquals("mino-session-0badf00d", plan.containerName());
    }

    @Test
    void planOfAReadOnlySandboxAddsTmpfsAndMounts() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("etc")).toRealPath();
        Path data = Files.createDirectories(tmp.resolve("data")).toRealPath();
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1.0").readOnly(true).tty(true)
            .attach(true).readOnlyVolume(data.toString(), "/data").label("team", "blue").name("ro-1").build();
        SandboxPlan plan = plan(spec, "ro-1");
        assertEquals(golden("plan-read-only.json", project, data), plan.toJson().strip());
    }

    @Test
    void thePlanCannotBeChangedAfterwards() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("p")).toRealPath();
        SandboxPlan plan = SandboxPlanner.plan(Sandbox.builder().project(project).image("x").build(), "s", OWNER);
        assertThrows(UnsupportedOperationException.class, () -> plan.createBody().put("privileged", true));
        @SuppressWarnings("unchecked")
        List<Object> mounts = (List<Object>) plan.createBody().get("mounts");
        assertThrows(UnsupportedOperationException.class, () -> mounts.add(Map.of()));
        assertThrows(UnsupportedOperationException.class, () -> plan.labels().put("dev.mino.managed", "false"));
    }

    @Test
    void anAllowlistPlanRunsTheEgressGuardAndShowsItByItsDigest() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("guarded")).toRealPath();
        SandboxSpec spec = Sandbox.builder().project(project).image("localhost/tools:1.0")
            .firewallImage("localhost/firewall:1").network(dev.mino.network.NetworkPolicy.allow("*.example.org:443"))
            .build();
        SandboxPlan plan = plan(spec, "guarded-1");
        java.util.Map<String, Object> firewall = plan.firewallCreateBody().orElseThrow();
        java.util.List<String> guard = dev.mino.network.EgressGuard.of(spec.network()).command();
        assertEquals(guard.subList(0, 1), firewall.get("entrypoint"));
        assertEquals(guard.subList(1, guard.size()), firewall.get("command"), "the request carries the program");
        assertEquals(java.util.List.of("NET_ADMIN", "NET_BIND_SERVICE"), firewall.get("cap_add"));
        String json = plan.toJson();
        org.junit.jupiter.api.Assertions.assertFalse(json.contains("def guard("), "the dry run does not print the program");
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("<mino egress guard: "
            + dev.mino.network.EgressGuard.source().length() + " characters, sha256 "), json);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("*.example.org:443"), json);
    }
}
