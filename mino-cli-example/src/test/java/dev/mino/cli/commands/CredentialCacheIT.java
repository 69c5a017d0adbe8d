package dev.mino.cli.commands;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.cli.testing.Launcher;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestDirectories;
import dev.mino.core.testing.TestPodman;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud credentials cached across runs of the CLI where there is no {@code XDG_RUNTIME_DIR}
 * (a login through {@code su -}, cron, a CI runner): the second {@code run} gets the first one's
 * token without asking the cloud again. GCP stands for every cloud here: its token endpoint is the
 * easiest to point at a stand-in from outside the process.
 */
@RequiresPodman
class CredentialCacheIT {
    private Path home;
    private Path project;
    private Path cacheHome;
    private WireMockServer google;
    private String token;
    private Launcher mino;

    @BeforeEach
    void setUp() throws IOException {
        home = TestDirectories.create("mino-credential-cache-home");
        project = TestDirectories.create("mino-credential-cache-project");
        token = "ya29.test-" + UUID.randomUUID();
        google = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        google.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"access_token\":\"" + token + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        // What "gcloud auth application-default login" leaves, with the token endpoint moved to the stand-in.
        Path adc = Files.writeString(home.resolve("application_default_credentials.json"), "{\"type\":"
            + "\"authorized_user\",\"client_id\":\"cid.apps.googleusercontent.com\",\"client_secret\":\"test-secret\","
            + "\"refresh_token\":\"test-refresh-token\",\"token_uri\":\"http://127.0.0.1:" + google.port() + "/token\"}");
        // The test home is open to all (the rootless engine's users need it), so the key, which
        // refuses such a place, goes to a folder of this user's alone, as a real home is.
        cacheHome = Files.createTempDirectory("mino-credential-cache-key-").resolve("cache");
        mino = new Launcher(home, project)
            .env("XDG_RUNTIME_DIR", null)
            .env("XDG_CACHE_HOME", cacheHome.toString())
            .env("GOOGLE_APPLICATION_CREDENTIALS", adc.toString())
            .env("NO_GCE_CHECK", "true");
    }

    @AfterEach
    void tearDown() {
        google.stop();
        TestDirectories.delete(home);
        TestDirectories.delete(project);
        TestDirectories.delete(cacheHome.getParent());
    }

    private Launcher.Result runPrintingTheToken() {
        Launcher.Result result = mino.run("run", "--image", TestPodman.BUSYBOX_IMAGE, "--gcp", "--no-github",
            "--strict-credentials", "--", "sh", "-c", "echo \"$CLOUDSDK_AUTH_ACCESS_TOKEN\"");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(token + "\n", result.stdout(), result.toString());
        assertFalse(result.stderr().contains("credential cache key"), "no warning about the key: " + result);
        return result;
    }

    @Test
    void aSecondRunWithoutXdgRuntimeDirUsesTheFirstRunsToken() throws IOException {
        runPrintingTheToken();
        google.verify(1, postRequestedFor(urlEqualTo("/token")));

        runPrintingTheToken();
        google.verify(1, postRequestedFor(urlEqualTo("/token")));

        Path key = keyFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertFalse(key.startsWith(mino.stateDirectory()), "the key is not in the state directory: " + key);
        try (Stream<Path> files = Files.walk(mino.stateDirectory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(token),
                    file + " holds the token");
            }
        }

        // The control: without the key the cached entry is useless, and the next run asks Google again.
        Files.delete(key);
        runPrintingTheToken();
        google.verify(2, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void theKeyIsNeverKeptWhereTheSandboxCanReadIt() throws IOException {
        // mino run in a folder that holds the user's cache directory (the home folder, say).
        Path inProject = project.resolve(".cache");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        Launcher.Result run = mino.env("XDG_CACHE_HOME", inProject.toString()).run("run", "--image",
            TestPodman.BUSYBOX_IMAGE, "--gcp", "--no-github", "--strict-credentials", "--", "sh", "-c",
            "find . -name credential-cache.key; echo \"$CLOUDSDK_AUTH_ACCESS_TOKEN\"");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(token + "\n", run.stdout(), "the token, and no key in the project: " + run);
        if (!Files.isDirectory(Path.of("/run/user", Long.toString(uid())))) {
            // With a runtime directory the key goes there, before the cache directory is considered.
            assertTrue(run.stderr().contains("not keeping the credential cache key in " + inProject.resolve("mino")
                .resolve("credential-key") + ": it is inside " + project.toRealPath() + " (or holds it), which the "
                + "sandbox can read"), run.toString());
        }
        assertFalse(Files.exists(inProject.resolve("mino")), "nothing was made in the project");
    }

    /**
     * Where the runs keep the key: {@code /run/user/<uid>} when this user has a private one, else
     * the cache directory {@code XDG_CACHE_HOME} names.
     */
    private Path keyFile() throws IOException {
        Path runtime = Path.of("/run/user", Long.toString(uid()), "mino", "credential-cache.key");
        Path cache = cacheHome.resolve("mino").resolve("credential-key").resolve("credential-cache.key");
        List<Path> found = Stream.of(runtime, cache).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .toList();
        assertEquals(1, found.size(), "one key, in " + runtime + " or " + cache + ": " + found);
        assertTrue(found.get(0).equals(cache) || Files.isDirectory(runtime.getParent().getParent()));
        return found.get(0);
    }

    private static long uid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }
}
