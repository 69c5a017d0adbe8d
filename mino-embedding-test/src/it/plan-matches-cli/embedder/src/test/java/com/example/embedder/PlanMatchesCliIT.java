package com.example.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mino.core.FirewallImage;
import dev.mino.core.Mino;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.config.MinoEnvironment;
import dev.mino.core.config.TrustStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's "done when", first part: a folder with a {@code .mino.toml} gives, through the root
 * object ({@code Mino.project(dir)}), the same plan as {@code mino run --dry-run} in that folder,
 * compared field by field, the firewall and the credentials' secrets wrapper included; the sandbox
 * starts from it, runs its command (which gets the folder's env and the GitHub token) and leaves
 * nothing of its session behind. The command then rewrites the folder's {@code .mino.toml}, as a
 * hostile one would: neither side uses the rewritten file, and they still plan alike.
 * Built against the installed artifacts only; needs Podman (under {@code CI=true} it fails without).
 */
class PlanMatchesCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUSYBOX = "localhost/mino-test-busybox:latest";
    /** Has nft and python3: mino's firewall image builds on it without a network. */
    private static final String DEBIAN = "localhost/mino-test-debian:latest";

    /**
     * The owner labels that name the process which planned: its pid and its start time. The sweep
     * of stale sandboxes tells a live owner from a dead one by them, so the CLI's JVM and this one
     * differ there by design. The other owner labels (host, machine, boot, pid namespace) are
     * compared. Nothing else is ignored: both plans have the same session name.
     */
    private static final Set<String> PER_PROCESS = Set.of(
        "/sandbox/labels/dev.mino.owner.pid", "/sandbox/labels/dev.mino.owner.started",
        "/firewall/labels/dev.mino.owner.pid", "/firewall/labels/dev.mino.owner.started");

    @TempDir
    Path temp;

    @Test
    void aFoldersConfigGivesTheClisPlanThroughTheRootObjectAndItsSandboxRuns() throws Exception {
        // A rootless Podman runs as its own user, which must reach the project to mount it.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path folder = Files.createDirectories(temp.resolve("project"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = folder.resolve(".mino.toml");
        Files.writeString(config, String.join("\n",
            "[container]",
            "image = \"" + BUSYBOX + "\"",
            // An allowlist: the plan has a firewall container, which the sandbox joins.
            "network_allow = [\"example.com:443\"]",
            "env = { GREETING = \"hello from the folder\" }",
            "pids_limit = 512",
            "",
            "[cache]",
            // On, with a lockfile below: the plan mounts the project's npm cache volume.
            "enabled = true",
            "",
            "[home]",
            "enabled = false",
            ""));
        Files.writeString(folder.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {}}\n");
        String token = "gho_" + hex(16);
        Map<String, String> environment = environment(token);
        String session = "embedder-" + hex(4);
        List<String> command = List.of("sh", "-c",
            "echo \"$GREETING\"; printf %s \"$GITHUB_TOKEN\" | sha256sum | cut -d' ' -f1; "
                // Then, as a hostile command would, it rewrites the project's configuration for the next run.
                + "printf '%s\\n' '[container]' 'network = \"host\"' 'env = { GREETING = \"from the sandbox\" }' "
                + "> .mino.toml.new && mv -f .mino.toml.new .mino.toml");
        EngineObjects engine = new EngineObjects(environment);
        JsonNode library = null;

        try (Mino mino = Mino.builder().environment(environment).build()) {
            requireEngine(mino);
            // What `mino setup` does: an allowlisted sandbox runs mino's pinned firewall image.
            FirewallImage.Pinned firewall = mino.firewallImage().ensure(DEBIAN);
            // The user said yes to this folder's file before (the CLI's trust question, an IDE's dialog).
            TrustStore.inStateDirectory(mino.stateDirectory()).trust(config, Files.readAllBytes(config));

            SandboxBuilder builder = FolderSandbox.of(mino, folder)
                .name(session)
                // What `mino run` without a terminal asks for; the CLI decides this before its dry run too.
                .attach(true).tty(false)
                .command(command);
            library = JSON.readTree(builder.plan().toJson());
            JsonNode cli = cliPlan(folder, environment, session, command);

            // Not vacuous: the library's plan is the folder's (its image, env, cache volume, firewall).
            assertEquals(BUSYBOX, library.at("/sandbox/image").asText(), library.toPrettyString());
            assertEquals("hello from the folder", library.at("/sandbox/env/GREETING").asText(), library.toPrettyString());
            assertEquals(512, library.at("/sandbox/resource_limits/pids/limit").asInt(), library.toPrettyString());
            assertTrue(library.at("/sandbox/volumes/0/Name").asText().startsWith("mino-cache-npm-"),
                library.toPrettyString());
            assertTrue(library.at("/firewall/command").toString().contains("example.com:443"), library.toPrettyString());
            assertEquals(session, library.at("/sandbox/labels/dev.mino.session").asText(), library.toPrettyString());
            // The plan is the start's: the firewall runs from the pinned image's id, and the GitHub
            // token is a secret that the command wrapper reads into the environment.
            assertEquals(firewall.id(), library.at("/firewall/image").asText(), library.toPrettyString());
            assertEquals("mino-env", library.at("/sandbox/entrypoint/3").asText(), library.toPrettyString());
            assertEquals(List.of("/run/mino-secrets/GH_TOKEN", "/run/mino-secrets/GITHUB_TOKEN"),
                library.at("/sandbox/secrets").findValuesAsText("Target").stream().sorted().toList(),
                library.toPrettyString());
            assertComparisonSeesEveryField(library);

            assertEquals(List.of(), PlanDiff.between(library, cli, PER_PROCESS),
                "the library's plan differs from `mino run --dry-run` at these fields");

            try (Sandbox sandbox = builder.start()) {
                // Positive control for the check below: while it runs, its objects are found.
                List<String> running = engine.ofSession(session);
                assertTrue(running.contains("container mino-" + session), running.toString());
                assertTrue(running.contains("container mino-" + session + "-firewall"), running.toString());

                // Its stdin is left open: the command reads none and may have ended already.
                String output = new String(sandbox.stdout().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, sandbox.awaitExit(Duration.ofMinutes(1)), output);
                // The folder's env, and the GitHub token (compared by digest, never printed) as a secret.
                assertEquals("hello from the folder\n" + sha256(token) + "\n", output);
            }
            assertEquals(List.of(), engine.ofSession(session), "left on the engine after close()");

            // The sandbox rewrote the file; trust was given to its former content, so neither the
            // library nor the CLI uses it now, and they still plan alike.
            assertTrue(Files.readString(config).contains("from the sandbox"), "the hostile command did not run");
            String next = "embedder-" + hex(4);
            JsonNode libraryNext = JSON.readTree(FolderSandbox.of(mino, folder).name(next).attach(true).tty(false)
                .command(command).plan().toJson());
            JsonNode cliNext = cliPlan(folder, environment, next, command);
            // Without an allowlist now, the plan is the sandbox's request alone (no "sandbox" key).
            assertEquals(next, libraryNext.at("/labels/dev.mino.session").asText(),
                libraryNext.toPrettyString());
            assertTrue(libraryNext.at("/env/GREETING").isMissingNode(), libraryNext.toPrettyString());
            assertNotEquals("host", libraryNext.at("/netns/nsmode").asText("host"), libraryNext.toPrettyString());
            assertEquals(List.of(), PlanDiff.between(libraryNext, cliNext, Set.of("/labels/dev.mino.owner.pid",
                "/labels/dev.mino.owner.started")), "after the rewrite, the plans differ at these fields");
        } finally {
            if (library != null) {
                removeCacheVolumes(engine, library);
            }
        }
    }

    /**
     * The project's cache volumes outlive sessions by design; this project's go with the test. A
     * failure here is reported without hiding the test's own.
     */
    private static void removeCacheVolumes(EngineObjects engine, JsonNode plan) {
        for (JsonNode volume : plan.at("/sandbox/volumes")) {
            try {
                engine.removeVolume(volume.path("Name").asText());
            } catch (AssertionError | RuntimeException e) {
                System.err.println("[embedder] could not remove cache volume " + volume.path("Name") + ": " + e);
            }
        }
    }

    /** The plan {@code mino run --dry-run --name SESSION -- COMMAND} prints in {@code folder}. */
    private static JsonNode cliPlan(Path folder, Map<String, String> environment, String session, List<String> command)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--dry-run", "--name", session, "--"));
        args.addAll(command);
        return JSON.readTree(MinoCli.installed().run(folder, environment, args));
    }

    /**
     * The comparison reports each changed, missing and added field by its path with both values,
     * in objects and in lists: it cannot pass because it looked at nothing.
     */
    private static void assertComparisonSeesEveryField(JsonNode plan) {
        JsonNode changed = plan.deepCopy();
        ((ObjectNode) changed.at("/sandbox/env")).put("GREETING", "changed");
        ((ObjectNode) changed.at("/sandbox/env")).put("ADDED", "1");
        ((ObjectNode) changed.at("/sandbox/labels")).remove("dev.mino.project");
        ((ObjectNode) changed.at("/sandbox/mounts/0")).put("source", "/elsewhere");
        ((ObjectNode) changed.at("/firewall/labels")).put("dev.mino.owner.pid", "1");
        assertEquals(List.of(
                "/firewall/labels/dev.mino.owner.pid: library \"1\", CLI " + plan.at("/firewall/labels/dev.mino.owner.pid"),
                "/sandbox/env/ADDED only in the library: \"1\"",
                "/sandbox/env/GREETING: library \"changed\", CLI \"hello from the folder\"",
                "/sandbox/labels/dev.mino.project only in the CLI: " + plan.at("/sandbox/labels/dev.mino.project"),
                "/sandbox/mounts/0/source: library \"/elsewhere\", CLI " + plan.at("/sandbox/mounts/0/source")),
            PlanDiff.between(changed, plan, Set.of()));
        assertEquals(List.of(), PlanDiff.between(plan, plan.deepCopy(), Set.of()));
    }

    /**
     * The environment of both the library and the CLI: the test's own folders for home, state and
     * config, the engine of this build, and a GitHub token for the GitHub provider.
     */
    private Map<String, String> environment(String token) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
        environment.put("XDG_STATE_HOME", Files.createDirectories(temp.resolve("state")).toString());
        environment.put("XDG_CONFIG_HOME", Files.createDirectories(temp.resolve("config")).toString());
        environment.put("GITHUB_TOKEN", token);
        // XDG_CACHE_HOME as this JVM has it: the credential cache's key is read from the process.
        for (String passed : List.of("PATH", "CONTAINER_HOST", "XDG_RUNTIME_DIR", "TMPDIR", "XDG_CACHE_HOME")) {
            String value = System.getenv(passed);
            if (value != null) {
                environment.put(passed, value);
            }
        }
        return environment;
    }

    /** Podman must answer; without it the test is skipped, or fails under {@code CI=true}. */
    private static void requireEngine(Mino mino) {
        try {
            mino.engineInfo();
        } catch (PodmanConnectionException e) {
            if (MinoEnvironment.parseBoolean(System.getenv("CI")).orElse(false)) {
                fail("in CI (CI=" + System.getenv("CI") + ") this test needs Podman: " + e.getMessage());
            }
            Assumptions.abort("no Podman answers: " + e.getMessage());
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
