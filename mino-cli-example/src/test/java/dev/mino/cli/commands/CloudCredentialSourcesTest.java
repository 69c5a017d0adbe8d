package dev.mino.cli.commands;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mino.cli.commands.CloudCredentialSources.Finding;
import dev.mino.cli.commands.CloudCredentialSources.State;
import dev.mino.cli.terminal.Renderer;
import dev.mino.core.config.MinoConfig;
import dev.mino.credentials.AwsStsCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code status} says about each cloud's credentials: found (and where) or not (and what to
 * run), from the environment and well-known files, and never by asking an endpoint: the metadata
 * and container endpoints named here are stand-ins that must see no request.
 */
class CloudCredentialSourcesTest {
    @TempDir
    Path home;

    private AwsStsCredentials aws(Map<String, String> env, String profile) {
        AwsStsCredentials.Builder builder = AwsStsCredentials.builder().environment(env)
            .configFile(home.resolve(".aws/config")).credentialsFile(home.resolve(".aws/credentials"));
        if (profile != null) {
            builder.profile(profile);
        }
        return builder.build();
    }

    private Path write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void awsKeysInTheEnvironmentOrACredentialedProfileCountButAProfileWithOnlyARegionDoesNot() throws IOException {
        Finding none = CloudCredentialSources.aws(aws(Map.of(), null), Map.of());
        assertEquals(State.NONE, none.state());
        assertEquals("Run: aws configure", none.hint());
        assertTrue(none.detail().contains("instance metadata service, which status does not ask"), none.detail());

        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "secret-value");
        assertEquals(Finding.found("keys in the environment, AWS_ACCESS_KEY_ID"),
            CloudCredentialSources.aws(aws(keys, null), keys));

        write(".aws/config", "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-1\n"
            + "s3 =\n  aws_access_key_id = nested-not-a-profile-setting\n[sso-session corp]\nsso_start_url = x\n");
        assertEquals(State.NONE, CloudCredentialSources.aws(aws(Map.of(), null), Map.of()).state(),
            "a region alone gives no credentials");
        Finding work = CloudCredentialSources.aws(aws(Map.of(), "work"), Map.of());
        assertEquals(State.NONE, work.state());
        assertEquals("Run: aws configure --profile work", work.hint());

        write(".aws/credentials", "# keys\n[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = s\n");
        assertEquals(Finding.found("profile default"), CloudCredentialSources.aws(aws(Map.of(), null), Map.of()));
        write(".aws/config", "[profile work]\ncredential_process = /usr/bin/true\n");
        assertEquals(Finding.found("profile work"), CloudCredentialSources.aws(aws(Map.of(), "work"), Map.of()));
        assertEquals(Finding.found("profile work"), CloudCredentialSources.aws(aws(Map.of("AWS_PROFILE", "work"),
            null), Map.of("AWS_PROFILE", "work")), "AWS_PROFILE names the profile as the option does");
    }

    @Test
    void noEndpointIsAskedEvenWhenTheEnvironmentNamesOne() {
        WireMockServer endpoint = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1"));
        endpoint.start();
        try {
            String url = "http://127.0.0.1:" + endpoint.port();
            Map<String, String> env = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", url + "/creds",
                "GCE_METADATA_HOST", "127.0.0.1:" + endpoint.port(), "GCE_METADATA_IP", "127.0.0.1:" + endpoint.port(),
                "IDENTITY_ENDPOINT", url + "/msi");
            assertEquals(State.FOUND, CloudCredentialSources.aws(aws(env, null), env).state());
            assertEquals(State.NONE, CloudCredentialSources.gcp(Optional.empty(), env, home).state());
            assertEquals(State.FOUND, CloudCredentialSources.azure(env, home).state());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Renderer out = new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
            Map<String, String> all = new HashMap<>(env);
            all.put("PATH", "/nonexistent");
            StatusCommand.credentials(out, CredentialChoice.installed(), MinoConfig.defaults().credentials(), all, home);

            assertEquals(0, endpoint.findAll(anyRequestedFor(anyUrl())).size(), "nothing was asked");
        } finally {
            endpoint.stop();
        }
    }

    @Test
    void gcpApplicationDefaultCredentialsFromTheVariableOrGcloudsFile() throws IOException {
        Finding none = CloudCredentialSources.gcp(Optional.empty(), Map.of(), home);
        assertEquals(State.NONE, none.state());
        assertEquals("Run: gcloud auth application-default login", none.hint());

        Path missing = home.resolve("missing.json");
        Finding dangling = CloudCredentialSources.gcp(Optional.empty(),
            Map.of("GOOGLE_APPLICATION_CREDENTIALS", missing.toString()), home);
        assertEquals(State.NONE, dangling.state());
        assertTrue(dangling.detail().contains(missing + ", which does not exist"), dangling.detail());

        Path key = write("key.json", "{}");
        assertEquals(Finding.found("GOOGLE_APPLICATION_CREDENTIALS, " + key), CloudCredentialSources.gcp(
            Optional.empty(), Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()), home));

        Path adc = write(".config/gcloud/application_default_credentials.json", "{}");
        assertEquals(Finding.found("application default credentials, " + adc),
            CloudCredentialSources.gcp(Optional.empty(), Map.of(), home));
        assertEquals(State.NONE, CloudCredentialSources.gcp(Optional.empty(),
            Map.of("CLOUDSDK_CONFIG", home.resolve("other").toString()), home).state(), "CLOUDSDK_CONFIG moves it");
    }

    @Test
    void azureServicePrincipalOrAnAzureCliLoginWithAzOnThePath() throws IOException {
        Finding none = CloudCredentialSources.azure(Map.of("PATH", "/nonexistent"), home);
        assertEquals(State.NONE, none.state());
        assertEquals("Run: az login", none.hint());

        assertEquals(State.FOUND, CloudCredentialSources.azure(Map.of("AZURE_CLIENT_ID", "c", "AZURE_TENANT_ID", "t",
            "AZURE_CLIENT_SECRET", "s"), home).state());
        assertEquals(State.NONE, CloudCredentialSources.azure(Map.of("AZURE_CLIENT_ID", "c", "PATH", "/nonexistent"),
            home).state(), "a client id alone is not a credential");

        // The az CLI writes the profile with a byte order mark, and empties the list at logout.
        write(".azure/azureProfile.json", "\uFEFF{\"installationId\":\"i\",\"subscriptions\":[]}");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path az = Files.writeString(bin.resolve("az"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(State.NONE, CloudCredentialSources.azure(Map.of("PATH", bin.toString()), home).state(),
            "logged out");

        write(".azure/azureProfile.json", "\uFEFF{\"subscriptions\":[{\"id\":\"00000000-0000-0000-0000-000000000000\"}]}");
        assertEquals(Finding.found("Azure CLI login, " + home.resolve(".azure")),
            CloudCredentialSources.azure(Map.of("PATH", bin.toString()), home));
        Finding noAz = CloudCredentialSources.azure(Map.of("PATH", "/nonexistent"), home);
        assertEquals(State.NONE, noAz.state());
        assertTrue(noAz.detail().contains("az is not on PATH"), noAz.detail());
    }

    @Test
    void statusSaysWhetherCredentialsWereFoundNotThatTheCloudIsAvailable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer out = new Renderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
        Map<String, String> env = Map.of("PATH", "/nonexistent", "AWS_CONFIG_FILE", home.resolve("none").toString(),
            "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString(), "AWS_ACCESS_KEY_ID", "AKIDTEST");
        MinoConfig.Credentials config = MinoConfig.defaults().credentials();
        StatusCommand.credentials(out, CredentialChoice.installed(), config, env, home);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("available"), text);
        assertTrue(text.contains("[WARN] AWS: SDK present; no credentials found - Run: aws configure\n"), text);
        assertTrue(text.contains("[WARN] GCP: SDK present; no credentials found - Run: gcloud auth application-default "
            + "login\n"), text);
        assertTrue(text.contains("[WARN] Azure: SDK present; no credentials found - Run: az login\n"), text);

        bytes.reset();
        Map<String, String> keys = new HashMap<>(env);
        keys.put("AWS_SECRET_ACCESS_KEY", "secret-value-never-printed");
        StatusCommand.credentials(out, CredentialChoice.installed(), config, keys, home);
        text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[OK] AWS: SDK present; credentials found (keys in the environment, "
            + "AWS_ACCESS_KEY_ID) (--aws to use)"), text);
        assertFalse(text.contains("secret-value") || text.contains("AKIDTEST"), "values are never printed: " + text);

        // On for every run through the config, with a profile of the config that has no credentials.
        bytes.reset();
        MinoConfig.Credentials enabled = new MinoConfig.Credentials(new MinoConfig.Aws(true, 3600, Optional.empty(),
            Optional.empty(), Optional.of("work"), Optional.empty()), config.gcp(), config.azure(), config.github());
        StatusCommand.credentials(out, CredentialChoice.installed(), enabled, keys, home);
        text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[WARN] AWS: SDK present; no credentials found, yet on for every run "
            + "(credentials.aws.enabled) - Run: aws configure --profile work\n"), text);
    }
}
