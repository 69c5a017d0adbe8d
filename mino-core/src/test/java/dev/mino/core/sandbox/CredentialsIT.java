package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.SessionInfo;
import dev.mino.core.Sessions;
import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.internal.cache.HomeVolumes;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.SecretsApi;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credentials reach the sandboxed command's environment and nowhere else: not podman inspect, not
 * the session record, not the audit log, and no secret is left after close. The providers here are
 * stubs: minting real tokens is mino-credentials' business, delivering them is this.
 */
@RequiresPodman
@Timeout(120)
class CredentialsIT extends SandboxFolders {
    private static PodmanClient podman;

    @BeforeAll
    static void connect() {
        podman = TestPodman.newClient();
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    /** A provider handing out fixed values, counting how often it was asked. */
    private static final class StubProvider implements CredentialProvider {
        private final String name;
        private final Map<String, String> secrets;
        private final Map<String, String> env;
        private final boolean fails;
        final AtomicInteger issued = new AtomicInteger();

        StubProvider(String name, Map<String, String> secrets, Map<String, String> env, boolean fails) {
            this.name = name;
            this.secrets = secrets;
            this.env = env;
            this.fails = fails;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String cacheKey() {
            return name + "|" + secrets.keySet() + "|" + UUID.nameUUIDFromBytes(secrets.toString().getBytes());
        }

        @Override
        public IssuedCredential issue() {
            issued.incrementAndGet();
            if (fails) {
                throw new CredentialException(name, name + " is not configured", "Run: " + name + " login", null);
            }
            return new IssuedCredential(name, secrets, env, Instant.now().plus(Duration.ofHours(1)));
        }
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state);
    }

    private static String secretValue() {
        return "SECRET-" + UUID.randomUUID();
    }

    @Test
    void theCommandSeesTheCredentialsAndNothingElseDoes() throws IOException {
        String accessKey = secretValue();
        String secretKey = secretValue() + "/with+special=chars";
        String sessionToken = secretValue();
        String githubToken = secretValue();
        StubProvider aws = new StubProvider("aws", Map.of("AWS_ACCESS_KEY_ID", accessKey,
            "AWS_SECRET_ACCESS_KEY", secretKey, "AWS_SESSION_TOKEN", sessionToken),
            Map.of("AWS_REGION", "eu-west-1"), false);
        StubProvider github = new StubProvider("github", Map.of("GITHUB_TOKEN", githubToken, "GH_TOKEN", githubToken),
            Map.of(), false);
        String session;
        String inspect;
        try (Sandbox sb = builder().credentials(aws, github).readOnly(true).command("sh", "-c", "env; sleep 300")
            .start()) {
            session = sb.sessionName();
            ExecResult env = sb.exec("env");
            for (String expected : List.of("AWS_ACCESS_KEY_ID=" + accessKey, "AWS_SECRET_ACCESS_KEY=" + secretKey,
                "AWS_SESSION_TOKEN=" + sessionToken, "GH_TOKEN=" + githubToken, "GITHUB_TOKEN=" + githubToken,
                "AWS_REGION=eu-west-1")) {
                assertTrue(env.stdout().lines().anyMatch(expected::equals), expected + " in exec env");
            }
            // The sandbox's own command has them too.
            Thread.sleep(500);
            assertTrue(sb.logs().stdout().contains("GH_TOKEN=" + githubToken));
            inspect = podman.containers().inspect(sb.containerId()).orElseThrow().raw().toString();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        String sessionFile = Files.readString(state.resolve("sessions").resolve(session + ".json"));
        String audit = Files.readString(state.resolve("audit.log"));
        for (String value : List.of(accessKey, secretKey, sessionToken, githubToken)) {
            assertFalse(inspect.contains(value), "podman inspect shows a credential");
            assertFalse(sessionFile.contains(value), "the session record holds a credential");
            assertFalse(audit.contains(value), "the audit log holds a credential");
        }
        assertTrue(sessionFile.contains("\"aws\"") && sessionFile.contains("\"github\""), sessionFile);
        assertTrue(audit.contains("credentials.injected"), audit);
        List<String> leftovers = podman.secrets().list(null).stream().map(SecretsApi.Secret::name)
            .filter(n -> n != null && n.startsWith(dev.mino.core.internal.credentials.SecretDelivery.secretPrefix(session)))
            .toList();
        assertEquals(List.of(), leftovers, "the secrets are removed with the sandbox");
    }

    @Test
    void theSessionListShowsTheInjectedProvidersTheHomeVolumeAndWhetherDetached() {
        StubProvider aws = new StubProvider("aws", Map.of("AWS_ACCESS_KEY_ID", secretValue()), Map.of(), false);
        StubProvider github = new StubProvider("github", Map.of("GH_TOKEN", secretValue()), Map.of(), false);
        Sessions sessions = Sessions.at(state).engine(TestPodman.address().uri());
        String home = HomeVolumes.nameOf(project);
        try {
            try (Sandbox sb = builder().credentials(aws, github).home(true).user("developer").command("sleep", "300")
                .start()) {
                SessionInfo info = sessions.find(sb.sessionName()).orElseThrow();
                assertEquals(SessionInfo.Status.RUNNING, info.status());
                assertEquals(4, UUID.fromString(info.id()).version(), info.id());
                assertEquals(List.of("aws", "github"), info.cloudProviders());
                assertEquals(home, info.homeVolume());
                assertTrue(podman.volumes().exists(info.homeVolume()), "the recorded home volume is the mounted one");
                assertFalse(info.detached());
            }
            try (Sandbox sb = builder().detached(true).home(false).command("sleep", "300").start()) {
                SessionInfo info = sessions.find(sb.sessionName()).orElseThrow();
                assertEquals(SessionInfo.Status.RUNNING, info.status());
                assertTrue(info.detached());
                assertEquals(List.of(), info.cloudProviders());
                assertNull(info.homeVolume());
            }
        } finally {
            podman.volumes().remove(home, true);
        }
    }

    @Test
    void aMintedCredentialIsReusedFromTheCacheUntilItExpires() throws IOException {
        StubProvider aws = new StubProvider("aws", Map.of("AWS_ACCESS_KEY_ID", secretValue()), Map.of(), false);
        for (int i = 0; i < 2; i++) {
            try (Sandbox sb = builder().credentials(aws).command("true").start()) {
                sb.awaitExit(Duration.ofSeconds(60));
            }
        }
        assertEquals(1, aws.issued.get(), "the second sandbox used the cached credential");
        try (Stream<Path> files = Files.list(state.resolve("credentials"))) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().startsWith("aws-")));
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(state.resolve("credentials"))));
    }

    @Test
    void strictModeAbortsOnAFailingProviderAndLenientModeWarns() {
        StubProvider broken = new StubProvider("gcp", Map.of(), Map.of(), true);
        String session = "strict" + Long.toHexString(System.nanoTime());
        CredentialException e = assertThrows(CredentialException.class,
            () -> builder().name(session).credentials(broken).strictCredentials(true).command("true").start());
        assertTrue(e.getMessage().contains("gcp"), e.getMessage());
        assertTrue(podman.containers().list(new dev.mino.core.internal.podman.Filters()
            .label("dev.mino.session", session), true).isEmpty(), "nothing was created");

        List<String> warnings = new CopyOnWriteArrayList<>();
        try (Sandbox sb = builder().credentials(broken).listener(new SandboxListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        }).command("true").start()) {
            assertEquals(0, sb.awaitExit(Duration.ofSeconds(60)));
            assertEquals(List.of(), Sessions.at(state).engine(TestPodman.address().uri()).find(sb.sessionName())
                .orElseThrow().cloudProviders(), "a provider that delivered nothing is not recorded");
        }
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("gcp: gcp is not configured")), warnings.toString());
    }
}
