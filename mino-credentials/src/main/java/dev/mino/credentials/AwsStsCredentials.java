package dev.mino.credentials;

import dev.mino.core.credentials.CredentialException;
import dev.mino.core.credentials.CredentialProvider;
import dev.mino.core.credentials.IssuedCredential;
import dev.mino.core.credentials.PlannedCredential;
import dev.mino.credentials.internal.AwsStsMinter;
import dev.mino.credentials.internal.AwsStsRequest;
import dev.mino.credentials.internal.CacheKey;
import dev.mino.credentials.internal.Deliveries;
import dev.mino.credentials.internal.Sdk;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short-lived AWS credentials from AWS STS: {@code GetSessionToken}, or {@code AssumeRole} when a
 * role ARN is set. The base credentials that sign the STS call come from the named profile, or,
 * without one, from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} in the environment,
 * the {@code aws.accessKeyId} system properties, the {@code AWS_PROFILE} or default profile, and
 * finally the web identity, container and EC2 instance sources (as the AWS CLI does).
 *
 * <p>The sandbox gets {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 * {@code AWS_SESSION_TOKEN} as secrets, and {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}
 * as plain variables when a region is set.
 *
 * <p>Needs {@code software.amazon.awssdk:sts} and {@code software.amazon.awssdk:url-connection-client}
 * on the class path; {@link Builder#build()} says so when they are missing. Instances are immutable
 * and thread-safe and do not cache: every {@link #issue()} calls STS.
 *
 * <pre>{@code
 * CredentialProvider aws = AwsStsCredentials.builder()
 *     .roleArn("arn:aws:iam::123456789012:role/agent")
 *     .region("eu-west-1")
 *     .sessionDuration(Duration.ofHours(1))
 *     .build();
 * }</pre>
 */
public final class AwsStsCredentials implements CredentialProvider {

    /** The provider's name, also the name of its factory. */
    public static final String NAME = "aws";

    /** The session name used for AssumeRole unless another is set, as upstream mino uses. */
    public static final String DEFAULT_ROLE_SESSION_NAME = "mino-session";

    /** The shortest session STS grants. */
    public static final Duration MIN_SESSION_DURATION = Duration.ofSeconds(900);

    /** The longest session this provider asks for (AssumeRole's upper limit). */
    public static final Duration MAX_SESSION_DURATION = Duration.ofSeconds(43_200);

    private static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);

    // IAM allows these characters in role names and paths; the partition covers aws, aws-cn, aws-us-gov...
    private static final Pattern ROLE_ARN =
        Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final Pattern ROLE_SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+){0,5}");
    private static final Pattern PROFILE = Pattern.compile("[^\\s\\[\\]]+");

    private static final String[] ENVIRONMENT_KEYS = {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED",
        "AWS_REGION", "AWS_DEFAULT_REGION",
    };

    private final AwsStsRequest request;

    private AwsStsCredentials(AwsStsRequest request) {
        this.request = request;
    }

    /** A builder with the defaults: GetSessionToken for one hour with the default base credentials. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A provider that assumes the role with default settings.
     *
     * @throws CredentialException when the ARN is malformed or the AWS SDK is missing
     */
    public static AwsStsCredentials assumeRole(String roleArn) {
        return builder().roleArn(roleArn).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Covers profile, role, external id, session name, region, duration, endpoint and the AWS files used. */
    @Override
    public String cacheKey() {
        return CacheKey.of(NAME)
            .with("profile", request.profile())
            .with("role", request.roleArn())
            .with("external-id", request.externalId())
            .with("session-name", request.roleSessionName())
            .with("region", request.region())
            .with("duration", request.durationSeconds())
            .with("endpoint", request.endpoint())
            .with("config", request.configFile())
            .with("credentials", request.credentialsFile())
            .build();
    }

    /**
     * Calls STS now.
     *
     * @throws CredentialException when no base credentials are configured ({@code Run: aws configure}),
     *     the profile does not exist, STS refuses (HTTP 403) or cannot be reached
     */
    @Override
    public IssuedCredential issue() {
        return Sdk.AWS.call(() -> AwsStsMinter.mint(request), List.of());
    }

    /**
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN},
     * secrets; {@code AWS_REGION} and {@code AWS_DEFAULT_REGION} when a region is configured.
     */
    @Override
    public Optional<PlannedCredential> planned() {
        return Optional.of(Deliveries.aws(request));
    }

    /** The profile whose credentials sign the STS call: the configured one, else {@code AWS_PROFILE}. */
    public Optional<String> profile() {
        return request.profile();
    }

    /** The role to assume; absent means GetSessionToken. */
    public Optional<String> roleArn() {
        return request.roleArn();
    }

    /** The external id passed to AssumeRole, if any. */
    public Optional<String> externalId() {
        return request.externalId();
    }

    /** The AssumeRole session name. */
    public String roleSessionName() {
        return request.roleSessionName();
    }

    /** The region, if set; then the sandbox also gets {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}. */
    public Optional<String> region() {
        return request.region();
    }

    /** How long the minted credentials last. */
    public Duration sessionDuration() {
        return Duration.ofSeconds(request.durationSeconds());
    }

    /** The STS endpoint override, if any. */
    public Optional<URI> endpoint() {
        return request.endpoint();
    }

    /** The AWS config file read for profiles. */
    public Path configFile() {
        return request.configFile();
    }

    /** The AWS shared credentials file read for profiles. */
    public Path credentialsFile() {
        return request.credentialsFile();
    }

    /** Whether the web identity, container and EC2 instance credential sources are tried. */
    public boolean instanceCredentials() {
        return request.instanceCredentials();
    }

    @Override
    public String toString() {
        return "AwsStsCredentials[profile=" + request.profile().orElse("-")
            + ", roleArn=" + request.roleArn().orElse("-")
            + ", externalId=" + (request.externalId().isPresent() ? "(set)" : "-")
            + ", region=" + request.region().orElse("-")
            + ", sessionDuration=" + request.durationSeconds() + "s"
            + request.endpoint().map(e -> ", endpoint=" + e).orElse("") + "]";
    }

    /** Collects and validates the settings; not thread-safe, use one per thread. */
    public static final class Builder {
        private String profile;
        private String roleArn;
        private String externalId;
        private String roleSessionName = DEFAULT_ROLE_SESSION_NAME;
        private String region;
        private Duration sessionDuration = DEFAULT_SESSION_DURATION;
        private URI endpoint;
        private Path configFile;
        private Path credentialsFile;
        private boolean instanceCredentials = true;
        private Map<String, String> environment;

        private Builder() {
        }

        /** The AWS profile whose credentials sign the STS call ({@code credentials.aws.profile}). */
        public Builder profile(String profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Assume this role instead of calling GetSessionToken ({@code credentials.aws.role_arn}). */
        public Builder roleArn(String roleArn) {
            this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
            return this;
        }

        /** The external id the role's trust policy asks for ({@code credentials.aws.external_id}). */
        public Builder externalId(String externalId) {
            this.externalId = Objects.requireNonNull(externalId, "externalId");
            return this;
        }

        /** The AssumeRole session name; {@value AwsStsCredentials#DEFAULT_ROLE_SESSION_NAME} unless set. */
        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = Objects.requireNonNull(roleSessionName, "roleSessionName");
            return this;
        }

        /** The region for STS and for the sandbox's {@code AWS_REGION} ({@code credentials.aws.region}). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** How long the credentials last, 900 to 43200 seconds; one hour unless set. */
        public Builder sessionDuration(Duration sessionDuration) {
            this.sessionDuration = Objects.requireNonNull(sessionDuration, "sessionDuration");
            return this;
        }

        /** Send STS calls here instead of the regional endpoint (a VPC endpoint, LocalStack, a test stub). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The AWS config file; otherwise {@code aws.configFile}, {@code AWS_CONFIG_FILE} or {@code ~/.aws/config}. */
        public Builder configFile(Path configFile) {
            this.configFile = Objects.requireNonNull(configFile, "configFile");
            return this;
        }

        /**
         * The shared credentials file; otherwise {@code aws.sharedCredentialsFile},
         * {@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials}.
         */
        public Builder credentialsFile(Path credentialsFile) {
            this.credentialsFile = Objects.requireNonNull(credentialsFile, "credentialsFile");
            return this;
        }

        /**
         * Whether the web identity token file, the ECS/EKS container endpoint and the EC2 instance
         * metadata service are tried when no keys or profile give base credentials; true unless set.
         * Off avoids the metadata service's time-outs on machines that are not in AWS.
         */
        public Builder instanceCredentials(boolean instanceCredentials) {
            this.instanceCredentials = instanceCredentials;
            return this;
        }

        /**
         * The environment to read {@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE}, {@code AWS_CONFIG_FILE}
         * and the like from; the process environment unless set. Only the {@code AWS_*} variables are kept.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws CredentialException when a setting is invalid (the message names it and the
         *     allowed values) or the AWS SDK is not on the class path
         */
        public AwsStsCredentials build() {
            long seconds = sessionDuration.getSeconds();
            if (sessionDuration.compareTo(MIN_SESSION_DURATION) < 0 || sessionDuration.compareTo(MAX_SESSION_DURATION) > 0
                || sessionDuration.getNano() != 0) {
                throw invalid("AWS session duration must be from 900 to 43200 seconds (15 minutes to 12 hours), got "
                    + (sessionDuration.getNano() == 0 ? seconds + " seconds" : sessionDuration.toString()),
                    "Set credentials.aws.session_duration_secs to a value from 900 to 43200");
            }
            if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
                throw invalid("AWS role ARN '" + roleArn + "' is malformed; expected "
                    + "arn:aws:iam::<12-digit account id>:role/<optional path/><role name>",
                    "Check credentials.aws.role_arn, for example arn:aws:iam::123456789012:role/agent");
            }
            if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
                throw invalid("AWS external id must be 2 to 1224 characters of letters, digits and +=,.@:/-",
                    "Check credentials.aws.external_id");
            }
            if (!ROLE_SESSION_NAME.matcher(roleSessionName).matches()) {
                throw invalid("AWS role session name '" + roleSessionName
                    + "' must be 2 to 64 characters of letters, digits and +=,.@-", "Use a name such as mino-session");
            }
            if (region != null && !REGION.matcher(region).matches()) {
                throw invalid("AWS region '" + region + "' is malformed; expected a name such as us-east-1",
                    "Check credentials.aws.region");
            }
            if (profile != null && !PROFILE.matcher(profile).matches()) {
                throw invalid("AWS profile name '" + profile + "' is malformed", "Check credentials.aws.profile");
            }
            if (endpoint != null && (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("https") || endpoint.getScheme().equals("http")))) {
                throw invalid("AWS STS endpoint '" + endpoint + "' must be an absolute http or https URL",
                    "Use a URL such as https://sts.eu-west-1.amazonaws.com");
            }
            Sdk.AWS.require();

            Map<String, String> env = awsVariables(environment != null ? environment : System.getenv());
            Optional<String> effectiveProfile = Optional.ofNullable(profile)
                .or(() -> Optional.ofNullable(env.get("AWS_PROFILE")).filter(p -> !p.isBlank()));
            Path config = awsFile(configFile, "aws.configFile", env.get("AWS_CONFIG_FILE"), "config");
            Path credentials = awsFile(credentialsFile, "aws.sharedCredentialsFile",
                env.get("AWS_SHARED_CREDENTIALS_FILE"), "credentials");
            return new AwsStsCredentials(new AwsStsRequest(effectiveProfile, Optional.ofNullable(roleArn),
                Optional.ofNullable(externalId), roleSessionName, Optional.ofNullable(region), (int) seconds,
                Optional.ofNullable(endpoint), config, credentials, instanceCredentials, env));
        }

        private static Map<String, String> awsVariables(Map<String, String> environment) {
            Map<String, String> kept = new LinkedHashMap<>();
            for (String key : ENVIRONMENT_KEYS) {
                String value = environment.get(key);
                if (value != null) {
                    kept.put(key, value);
                }
            }
            return kept;
        }

        // The AWS SDK's own order: explicit, then the system property, then the variable, then ~/.aws.
        private static Path awsFile(Path explicit, String property, String variable, String fileName) {
            if (explicit != null) {
                return explicit.toAbsolutePath();
            }
            String fromProperty = System.getProperty(property);
            if (fromProperty != null && !fromProperty.isBlank()) {
                return expandHome(fromProperty);
            }
            if (variable != null && !variable.isBlank()) {
                return expandHome(variable);
            }
            return Path.of(System.getProperty("user.home"), ".aws", fileName);
        }

        // The AWS tools accept "~/..." in these settings, so a value copied from a shell profile works.
        private static Path expandHome(String path) {
            if (path.equals("~") || path.startsWith("~/") || path.startsWith("~" + java.io.File.separator)) {
                return Path.of(System.getProperty("user.home") + path.substring(1));
            }
            return Path.of(path).toAbsolutePath();
        }

        private static CredentialException invalid(String message, String hint) {
            return new CredentialException(NAME, message, hint, null);
        }
    }
}
