package dev.mino.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.cli.HostCommand;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.credentials.AwsStsCredentials;
import dev.mino.credentials.GcpCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a cloud provider of {@code run} would find credentials to mint a token from, judged by
 * {@code status} from the environment and the clouds' well-known files alone: nothing is minted,
 * no SDK resolves anything, no request leaves the machine, and no metadata endpoint (EC2, Google
 * Cloud, Azure) is asked, so that status stays fast wherever it runs. What only such an endpoint
 * could tell is said in the hint instead.
 */
final class CloudCredentialSources {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Profile settings that give the AWS CLI credentials; a profile with only a region gives none. */
    private static final Set<String> AWS_CREDENTIAL_SETTINGS = Set.of("aws_access_key_id", "role_arn",
        "credential_process", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source");

    /**
     * What was found.
     *
     * @param state whether credentials were found, not found, or not checked
     * @param detail where they were found, or where the provider looked
     * @param hint what to run to get some; empty when found
     */
    record Finding(State state, String detail, String hint) {
        static Finding found(String where) {
            return new Finding(State.FOUND, where, "");
        }

        static Finding none(String why, String hint) {
            return new Finding(State.NONE, why, hint);
        }
    }

    /** Whether a provider would find credentials. */
    enum State {
        /** Credentials were found where the provider looks. */
        FOUND,
        /** None were found, apart from what a metadata endpoint might give. */
        NONE,
        /** The provider is not one whose sources are known here. */
        NOT_CHECKED
    }

    private CloudCredentialSources() {
    }

    /**
     * Where the provider {@code name} would find credentials.
     *
     * @param provider the provider {@code run} would use, as its factory made it
     * @param env the environment {@code run} would give it
     * @param home the user's home directory
     */
    static Finding find(String name, CredentialProvider provider, Map<String, String> env, Path home) {
        return switch (name) {
            case "aws" -> provider instanceof AwsStsCredentials aws ? aws(aws, env)
                : new Finding(State.NOT_CHECKED, provider.getClass().getName(), "");
            case "gcp" -> gcp(provider instanceof GcpCredentials gcp ? gcp.credentialsFile() : Optional.empty(), env,
                home);
            case "azure" -> azure(env, home);
            default -> new Finding(State.NOT_CHECKED, name, "");
        };
    }

    /** The AWS CLI's order, as the provider follows it: an explicit profile, else keys, then the default profile. */
    static Finding aws(AwsStsCredentials aws, Map<String, String> env) {
        Map<String, Set<String>> profiles = awsProfiles(aws.configFile(), aws.credentialsFile());
        if (aws.profile().isPresent()) {
            String profile = aws.profile().get();
            if (hasAwsCredentials(profiles, profile)) {
                return Finding.found("profile " + profile);
            }
            return Finding.none("profile '" + profile + "' has no credentials in " + aws.configFile() + " or "
                + aws.credentialsFile(), "Run: aws configure --profile " + profile);
        }
        if (set(env, "AWS_ACCESS_KEY_ID") && set(env, "AWS_SECRET_ACCESS_KEY")) {
            return Finding.found("keys in the environment, AWS_ACCESS_KEY_ID");
        }
        if (set(System.getProperties(), "aws.accessKeyId") && set(System.getProperties(), "aws.secretAccessKey")) {
            return Finding.found("keys in the system properties aws.accessKeyId");
        }
        if (hasAwsCredentials(profiles, "default")) {
            return Finding.found("profile default");
        }
        if (aws.instanceCredentials()) {
            if (set(env, "AWS_WEB_IDENTITY_TOKEN_FILE") && set(env, "AWS_ROLE_ARN")) {
                return Finding.found("web identity, AWS_WEB_IDENTITY_TOKEN_FILE");
            }
            if (set(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || set(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
                return Finding.found("the container credentials endpoint, AWS_CONTAINER_CREDENTIALS_*_URI");
            }
        }
        boolean metadata = aws.instanceCredentials() && !"true".equalsIgnoreCase(env.get("AWS_EC2_METADATA_DISABLED"));
        return Finding.none("no keys in the environment, no default profile in " + aws.credentialsFile() + " or "
            + aws.configFile() + (metadata ? "; on EC2, run may still get some from the instance metadata service, "
                + "which status does not ask" : ""), "Run: aws configure");
    }

    /** Application default credentials, as google-auth-library looks for them, short of the metadata server. */
    static Finding gcp(Optional<Path> credentialsFile, Map<String, String> env, Path home) {
        String login = "Run: gcloud auth application-default login";
        if (credentialsFile.isPresent()) {
            return Files.isRegularFile(credentialsFile.get())
                ? Finding.found("credentials file " + credentialsFile.get())
                : Finding.none("the credentials file " + credentialsFile.get() + " does not exist", login);
        }
        if (set(env, "GOOGLE_APPLICATION_CREDENTIALS")) {
            Path file = Path.of(env.get("GOOGLE_APPLICATION_CREDENTIALS"));
            return Files.isRegularFile(file)
                ? Finding.found("GOOGLE_APPLICATION_CREDENTIALS, " + file)
                : Finding.none("GOOGLE_APPLICATION_CREDENTIALS names " + file + ", which does not exist",
                    "Point it at a credentials file, or unset it and " + login.toLowerCase(Locale.ROOT));
        }
        Path gcloud = set(env, "CLOUDSDK_CONFIG") ? Path.of(env.get("CLOUDSDK_CONFIG"))
            : home.resolve(".config").resolve("gcloud");
        Path adc = gcloud.resolve("application_default_credentials.json");
        if (Files.isRegularFile(adc)) {
            return Finding.found("application default credentials, " + adc);
        }
        return Finding.none("no GOOGLE_APPLICATION_CREDENTIALS, no " + adc + "; on Google Cloud, run may still get "
            + "a token from the metadata server, which status does not ask", login);
    }

    /**
     * DefaultAzureCredential's sources that can be seen without a request: a service principal or
     * workload identity in the environment, a managed identity endpoint named there, or the Azure
     * CLI's login.
     */
    static Finding azure(Map<String, String> env, Path home) {
        boolean client = set(env, "AZURE_CLIENT_ID") && set(env, "AZURE_TENANT_ID");
        if (client && (set(env, "AZURE_CLIENT_SECRET") || set(env, "AZURE_CLIENT_CERTIFICATE_PATH"))) {
            return Finding.found("service principal in the environment, AZURE_CLIENT_ID");
        }
        if (client && set(env, "AZURE_FEDERATED_TOKEN_FILE")) {
            return Finding.found("workload identity, AZURE_FEDERATED_TOKEN_FILE");
        }
        if (set(env, "IDENTITY_ENDPOINT") || set(env, "MSI_ENDPOINT")) {
            return Finding.found("managed identity endpoint, " + (set(env, "IDENTITY_ENDPOINT") ? "IDENTITY_ENDPOINT"
                : "MSI_ENDPOINT"));
        }
        String login = "Run: az login";
        Path config = set(env, "AZURE_CONFIG_DIR") ? Path.of(env.get("AZURE_CONFIG_DIR")) : home.resolve(".azure");
        Path profile = config.resolve("azureProfile.json");
        if (azureSubscriptions(profile) > 0) {
            if (HostCommand.find(env, "az").isPresent()) {
                return Finding.found("Azure CLI login, " + config);
            }
            return Finding.none("the Azure CLI logged in (" + config + ") but az is not on PATH, and run asks az for "
                + "the token", "Put az on PATH");
        }
        return Finding.none("no service principal in the environment, no Azure CLI login in " + config + "; on Azure, "
            + "run may still get a token from a managed identity, which status does not ask", login);
    }

    // The az CLI lists the logged-in subscriptions here and empties the list at logout.
    private static int azureSubscriptions(Path profile) {
        try {
            String text = Files.readString(profile, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            JsonNode subscriptions = JSON.readTree(text).path("subscriptions");
            return subscriptions.isArray() ? subscriptions.size() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean hasAwsCredentials(Map<String, Set<String>> profiles, String profile) {
        Set<String> settings = profiles.getOrDefault(profile, Set.of());
        return settings.stream().anyMatch(AWS_CREDENTIAL_SETTINGS::contains);
    }

    /**
     * The setting names of each profile in the AWS config file ({@code [default]},
     * {@code [profile name]}) and credentials file ({@code [name]}), merged. Values are never kept.
     */
    static Map<String, Set<String>> awsProfiles(Path configFile, Path credentialsFile) {
        Map<String, Set<String>> profiles = new HashMap<>();
        readIni(configFile, true, profiles);
        readIni(credentialsFile, false, profiles);
        return profiles;
    }

    private static void readIni(Path file, boolean config, Map<String, Set<String>> profiles) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return;
        }
        Set<String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String section = line.substring(1, line.length() - 1).strip();
                String name = profileName(section, config);
                current = name == null ? null : profiles.computeIfAbsent(name, n -> new HashSet<>());
                continue;
            }
            int equals = line.indexOf('=');
            // Indented lines continue a nested setting (s3 = ...); only top-level names count.
            if (current != null && equals > 0 && !Character.isWhitespace(raw.charAt(0))) {
                current.add(line.substring(0, equals).strip().toLowerCase(Locale.ROOT));
            }
        }
    }

    // In the config file a profile is "[profile name]" ("[default]" too); other sections (sso-session,
    // services) are not profiles. In the credentials file every section is one.
    private static String profileName(String section, boolean config) {
        if (!config || section.equals("default")) {
            return section;
        }
        if (section.startsWith("profile ") || section.startsWith("profile\t")) {
            return section.substring("profile".length()).strip();
        }
        return null;
    }

    private static boolean set(Map<?, ?> values, String key) {
        Object value = values.get(key);
        return value instanceof String text && !text.isBlank();
    }
}
