package dev.mino.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class GitHubCredentialsTest {
    private static final String ENV_TOKEN = "ghp_envTokenAbCdEf123456";
    private static final String OTHER_ENV_TOKEN = "ghp_otherEnvToken987654";
    private static final String FILE_TOKEN = "gho_fileTokenZyXw98765";
    private static final String CLI_TOKEN = "gho_cliTokenQwErTy24680";

    @TempDir
    Path dir;

    @Test
    void ghTokenFromTheEnvironmentComesFirst() {
        try (LeakGuard guard = LeakGuard.start()) {
            GitHubCredentials provider = builder(Map.of("GH_TOKEN", ENV_TOKEN, "GITHUB_TOKEN", OTHER_ENV_TOKEN)).build();
            IssuedCredential issued = provider.issue();
            assertEquals(Optional.of(PlannedCredential.of(issued)), provider.planned(), "declared as issued");

            assertEquals("github", issued.provider());
            assertEquals(List.of("GITHUB_TOKEN", "GH_TOKEN"), List.copyOf(issued.secrets().keySet()));
            assertEquals(ENV_TOKEN, issued.secrets().get("GITHUB_TOKEN"));
            assertEquals(ENV_TOKEN, issued.secrets().get("GH_TOKEN"));
            assertEquals(Map.of(), issued.plainEnv());
            assertNull(issued.expiresAt());
            assertTrue(issued.expiry().isEmpty());
            assertFalse(issued.toString().contains(ENV_TOKEN));
            guard.assertNoneOf(ENV_TOKEN, OTHER_ENV_TOKEN);
        }
    }

    @Test
    void githubTokenIsUsedWhenGhTokenIsUnset() {
        IssuedCredential issued = builder(Map.of("GITHUB_TOKEN", OTHER_ENV_TOKEN, "GH_TOKEN", " ")).build().issue();

        assertEquals(OTHER_ENV_TOKEN, issued.secrets().get("GH_TOKEN"));
    }

    @Test
    void hostsFileTokenIsUsedWhenTheEnvironmentHasNone() throws IOException {
        writeHostsFile();
        try (LeakGuard guard = LeakGuard.start()) {
            IssuedCredential issued = builder(Map.of()).build().issue();

            assertEquals(FILE_TOKEN, issued.secrets().get("GITHUB_TOKEN"));
            guard.assertNoneOf(FILE_TOKEN);
        }
    }

    @Test
    void enterpriseHostReadsItsOwnEntryAndIgnoresTheGithubComVariables() throws IOException {
        writeHostsFile();
        IssuedCredential issued = builder(Map.of("GH_TOKEN", ENV_TOKEN)).host("ghe.example.com").build().issue();

        assertEquals("gho_enterpriseToken", issued.secrets().get("GH_TOKEN"));
        IssuedCredential fromEnv = builder(Map.of("GH_ENTERPRISE_TOKEN", OTHER_ENV_TOKEN)).host("ghe.example.com")
            .build().issue();
        assertEquals(OTHER_ENV_TOKEN, fromEnv.secrets().get("GH_TOKEN"));
    }

    @Test
    void configDirectoryFollowsGhConfigDirThenXdgConfigHome() throws IOException {
        Path xdg = Files.createDirectories(dir.resolve("xdg"));
        Path ghDir = Files.createDirectories(xdg.resolve("gh"));
        Files.writeString(ghDir.resolve("hosts.yml"), "github.com:\n    oauth_token: " + FILE_TOKEN + "\n");

        GitHubCredentials viaXdg = GitHubCredentials.builder()
            .environment(Map.of("XDG_CONFIG_HOME", xdg.toString(), "HOME", dir.toString())).build();
        GitHubCredentials viaGhConfigDir = GitHubCredentials.builder()
            .environment(Map.of("GH_CONFIG_DIR", dir.resolve("elsewhere").toString(), "XDG_CONFIG_HOME", xdg.toString()))
            .build();

        assertEquals(ghDir.toAbsolutePath(), viaXdg.ghConfigDirectory());
        assertEquals(FILE_TOKEN, viaXdg.issue().secrets().get("GH_TOKEN"));
        assertEquals(dir.resolve("elsewhere").toAbsolutePath(), viaGhConfigDir.ghConfigDirectory());
        assertEquals(dir.resolve(".config").resolve("gh").toAbsolutePath(),
            GitHubCredentials.builder().environment(Map.of("HOME", dir.toString())).build().ghConfigDirectory());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void ghAuthTokenOnThePathIsTheLastResort() throws IOException {
        Path bin = fakeGh("printf '%s\\n' \"$@\" > \"" + dir.resolve("args.txt") + "\"\necho " + CLI_TOKEN);
        try (LeakGuard guard = LeakGuard.start()) {
            IssuedCredential issued = builder(Map.of("PATH", bin.toString())).build().issue();

            assertEquals(CLI_TOKEN, issued.secrets().get("GITHUB_TOKEN"));
            assertEquals(List.of("auth", "token"), Files.readAllLines(dir.resolve("args.txt")));
            guard.assertNoneOf(CLI_TOKEN);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void enterpriseHostIsPassedToGh() throws IOException {
        Path bin = fakeGh("printf '%s\\n' \"$@\" > \"" + dir.resolve("args.txt") + "\"\necho " + CLI_TOKEN);

        builder(Map.of("PATH", bin.toString())).host("ghe.example.com").build().issue();

        assertEquals(List.of("auth", "token", "--hostname", "ghe.example.com"),
            Files.readAllLines(dir.resolve("args.txt")));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void ghNotLoggedInSaysSoWithTheLoginHint() throws IOException {
        Path bin = fakeGh("echo 'You are not logged into any GitHub hosts. To log in, run: gh auth login' >&2\nexit 1");

        CredentialException e = assertThrows(CredentialException.class,
            () -> builder(Map.of("PATH", bin.toString())).build().issue());

        assertEquals("github", e.provider());
        assertEquals("GitHub CLI not authenticated", e.getMessage());
        assertEquals("Run: gh auth login", e.hint());
        // No token at all: a state of the host, said once per JVM (and by the CLI once a day).
        assertEquals(java.util.Optional.of(dev.mino.core.WarningCodes.GITHUB_NO_TOKEN), e.warningCode());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void otherGhFailuresQuoteItsErrorOutput() throws IOException {
        Path bin = fakeGh("echo 'something broke' >&2\nexit 3");

        CredentialException e = assertThrows(CredentialException.class,
            () -> builder(Map.of("PATH", bin.toString())).build().issue());

        assertEquals("gh auth token failed (exit 3): something broke", e.getMessage());
        // A failure, not a missing token: said every time.
        assertEquals(java.util.Optional.empty(), e.warningCode());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void emptyGhOutputIsNotAuthenticated() throws IOException {
        Path bin = fakeGh("exit 0");

        CredentialException e = assertThrows(CredentialException.class,
            () -> builder(Map.of("PATH", bin.toString())).build().issue());

        assertEquals("GitHub CLI not authenticated", e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aHangingGhIsStoppedAtTheTimeLimit() throws IOException {
        Path bin = fakeGh("PATH=/usr/bin:/bin\nsleep 30\necho " + CLI_TOKEN);
        long start = System.nanoTime();

        CredentialException e = assertThrows(CredentialException.class, () -> builder(Map.of("PATH", bin.toString()))
            .commandTimeout(Duration.ofMillis(500)).build().issue());

        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void withoutAnySourceNothingIsPlannedAsNothingIsIssued() throws IOException {
        GitHubCredentials none = builder(Map.of("PATH", dir.resolve("empty-bin").toString())).build();
        assertEquals(Optional.empty(), none.planned());
        assertThrows(CredentialException.class, none::issue);
        // Positive controls: each source alone is enough to plan the token (gh is not run for it).
        assertTrue(builder(Map.of("GH_TOKEN", ENV_TOKEN)).build().planned().isPresent());
        Path bin = fakeGh("echo ran > " + dir.resolve("gh-ran") + "\necho " + CLI_TOKEN);
        assertTrue(builder(Map.of("PATH", bin.toString())).build().planned().isPresent());
        assertFalse(Files.exists(dir.resolve("gh-ran")), "planning never runs gh");
        writeHostsFile();
        assertTrue(builder(Map.of("PATH", dir.resolve("empty-bin").toString())).build().planned().isPresent());
    }

    @Test
    void nothingAnywhereNamesEverySourceAndTheHint() {
        CredentialException e = assertThrows(CredentialException.class,
            () -> builder(Map.of("PATH", dir.resolve("empty-bin").toString())).build().issue());

        assertTrue(e.getMessage().startsWith("No GitHub token for github.com: GH_TOKEN and GITHUB_TOKEN are unset"),
            e.getMessage());
        assertTrue(e.getMessage().contains("hosts.yml"), e.getMessage());
        assertTrue(e.hint().contains("gh auth login"), e.hint());
        assertEquals(java.util.Optional.of(dev.mino.core.WarningCodes.GITHUB_NO_TOKEN), e.warningCode());
    }

    @Test
    void badHostsAreRejectedAndCacheKeyAndToStringAreSafe() {
        assertThrows(CredentialException.class, () -> GitHubCredentials.builder().host("https://github.com").build());
        assertThrows(CredentialException.class, () -> GitHubCredentials.builder().host("a b").build());
        assertThrows(CredentialException.class,
            () -> GitHubCredentials.builder().commandTimeout(Duration.ZERO).build());

        GitHubCredentials provider = builder(Map.of("GH_TOKEN", ENV_TOKEN)).host("GHE.example.com:8443").build();
        assertEquals("ghe.example.com:8443", provider.host());
        assertEquals("github|host=ghe.example.com:8443", provider.cacheKey());
        assertFalse(provider.toString().contains(ENV_TOKEN), provider.toString());
        assertNotEqualsKey();
    }

    private void assertNotEqualsKey() {
        assertFalse(builder(Map.of()).build().cacheKey().equals(builder(Map.of()).host("ghe.example.com").build()
            .cacheKey()));
    }

    private GitHubCredentials.Builder builder(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("PATH", dir.resolve("no-bin").toString());
        return GitHubCredentials.builder().environment(env).ghConfigDirectory(dir.resolve("gh"));
    }

    private void writeHostsFile() throws IOException {
        Files.createDirectories(dir.resolve("gh"));
        Files.writeString(dir.resolve("gh").resolve("hosts.yml"), ""
            + "# written by gh\n"
            + "ghe.example.com:\n"
            + "    users:\n"
            + "        someone:\n"
            + "            oauth_token: gho_nestedShouldNotWin\n"
            + "    oauth_token: \"gho_enterpriseToken\"\n"
            + "    user: someone\n"
            + "github.com:\n"
            + "    git_protocol: https\n"
            + "    oauth_token: " + FILE_TOKEN + "\n"
            + "    user: octocat\n");
    }

    private Path fakeGh(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
