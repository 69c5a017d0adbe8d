package dev.mino.credentials.internal;

import dev.mino.core.credentials.CredentialException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Finds the long-lived credentials that sign the STS call. Built by hand rather than with the
 * SDK's default chain so that the environment given to the provider (not only the process
 * environment) counts, the profile files are the ones the provider names, and the instance
 * metadata service can be left out.
 */
final class AwsBaseCredentials {
    private static final String DEFAULT_PROFILE = "default";

    private AwsBaseCredentials() {
    }

    /** The config and credentials files merged; files that do not exist are skipped. */
    static ProfileFile profiles(AwsStsRequest request) {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        try {
            addIfExists(files, request.configFile(), ProfileFile.Type.CONFIGURATION);
            addIfExists(files, request.credentialsFile(), ProfileFile.Type.CREDENTIALS);
            return files.build();
        } catch (RuntimeException e) {
            throw new CredentialException(AwsStsMinter.PROVIDER,
                "AWS config files " + request.configFile() + " and " + request.credentialsFile()
                    + " could not be read: " + SecretText.clean(e.getMessage(), List.of()),
                "Fix the file, or run: aws configure", e);
        }
    }

    /**
     * Resolves the base credentials.
     *
     * @throws CredentialException when the profile is unknown or nothing supplies credentials
     */
    static AwsCredentials resolve(AwsStsRequest request, ProfileFile profiles) {
        Optional<String> profile = request.profile();
        if (profile.isPresent() && profiles.profile(profile.get()).isEmpty()) {
            throw new CredentialException(AwsStsMinter.PROVIDER,
                "AWS profile '" + profile.get() + "' not found in " + request.configFile() + " or "
                    + request.credentialsFile(),
                "Run: aws configure --profile " + profile.get(), null);
        }
        AwsCredentialsProvider source = null;
        try {
            // A profile alone is not wrapped in a chain, whose exception would hide the profile's own reason.
            source = profile.isPresent() ? profileProvider(profiles, profile.get()) : chain(request, profiles);
            return source.resolveCredentials();
        } catch (RuntimeException e) {
            // Without a profile the SPEC's plain message fits; the chain's long list of sources stays in the
            // cause. With one, the reason matters (no keys in it, or an SSO profile without the sso module).
            String where = profile.map(p -> " for profile '" + p + "': " + reason(e)).orElse("");
            throw new CredentialException(AwsStsMinter.PROVIDER, "AWS credentials not configured" + where,
                "Run: aws configure" + profile.map(p -> " --profile " + p).orElse(""), e);
        } finally {
            if (source instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The secret parts of the base credentials, to keep them out of error messages. */
    static List<String> secretsOf(AwsCredentials credentials) {
        List<String> secrets = new ArrayList<>();
        secrets.add(credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            secrets.add(session.sessionToken());
        }
        return secrets;
    }

    // The SDK appends the whole profile file's outline (names of profiles and properties, no values).
    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int outline = message.indexOf(": ProfileFile(");
        return SecretText.clean(outline < 0 ? message : message.substring(0, outline), List.of());
    }

    // The CLI's order: keys in the environment, system properties, the default profile, then what
    // the machine itself provides in AWS.
    private static AwsCredentialsProviderChain chain(AwsStsRequest request, ProfileFile profiles) {
        List<AwsCredentialsProvider> sources = new ArrayList<>();
        Map<String, String> env = request.environment();
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && !keyId.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            sources.add(StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token)));
        }
        sources.add(SystemPropertyCredentialsProvider.create());
        if (profiles.profile(DEFAULT_PROFILE).isPresent()) {
            sources.add(profileProvider(profiles, DEFAULT_PROFILE));
        }
        if (request.instanceCredentials()) {
            sources.add(WebIdentityTokenFileCredentialsProvider.create());
            sources.add(ContainerCredentialsProvider.create());
            if (!"true".equalsIgnoreCase(env.get("AWS_EC2_METADATA_DISABLED"))) {
                sources.add(InstanceProfileCredentialsProvider.builder()
                    .profileFile(profiles).profileName(DEFAULT_PROFILE).build());
            }
        }
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(false).credentialsProviders(sources)
            .build();
    }

    private static AwsCredentialsProvider profileProvider(ProfileFile profiles, String name) {
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build();
    }

    private static void addIfExists(ProfileFile.Aggregator files, Path path, ProfileFile.Type type) {
        if (Files.isRegularFile(path)) {
            files.addFile(ProfileFile.builder().content(path).type(type).build());
        }
    }
}
