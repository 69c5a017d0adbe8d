package dev.mino.core.config;

import dev.mino.core.internal.config.TomlText;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes configuration as TOML: {@link #render(MinoConfig)} for {@code mino config show} and
 * {@link #defaultTemplate()} for {@code mino config init}. Output is deterministic: sections and
 * keys in a fixed order, {@code container.env} sorted by name, {@code \n} line breaks.
 */
public final class ConfigRenderer {

    private ConfigRenderer() {
    }

    /**
     * The configuration as pretty TOML: sections {@code [general]}, {@code [vm]},
     * {@code [container]}, {@code [container.env]}, {@code [container.network_preset_hosts]} (when
     * set), {@code [credentials.aws]},
     * {@code [credentials.gcp]}, {@code [credentials.azure]}, {@code [credentials.github]},
     * {@code [session]}, {@code [cache]} and {@code [home]}, in that order, separated by blank
     * lines; optional settings that are not set are left out. Loading the text gives back an
     * equal configuration.
     */
    public static String render(MinoConfig config) {
        Toml out = new Toml();
        MinoConfig.General general = config.general();
        out.section("general")
            .bool("verbose", general.verbose())
            .string("log_format", general.logFormat())
            .bool("audit_log", general.auditLog())
            .bool("update_check", general.updateCheck());
        out.section("vm")
            .string("name", config.vm().name())
            .string("distro", config.vm().distro());
        MinoConfig.Container container = config.container();
        out.section("container")
            .string("image", container.image())
            .list("volumes", container.volumes())
            .string("network", container.network())
            .string("workdir", container.workdir())
            .list("network_allow", container.networkAllow())
            .optional("network_preset", container.networkPreset())
            .list("layers", container.layers())
            .bool("read_only", container.readOnly())
            .string("base_image", container.baseImage())
            .string("memory", container.memory())
            .string("cpus", container.cpus())
            .number("pids_limit", container.pidsLimit())
            .bool("allow_rootful_engine", container.allowRootfulEngine());
        out.section("container.env");
        for (Map.Entry<String, String> variable : container.env().entrySet()) {
            out.line(TomlText.key(variable.getKey()) + " = " + TomlText.quote(variable.getValue()));
        }
        if (!container.networkPresetHosts().isEmpty()) {
            out.section("container.network_preset_hosts");
            container.networkPresetHosts().forEach((preset, hosts) -> out.list(TomlText.key(preset), hosts));
        }
        // Not in mino 1.6.0: shown only when set, so that a config without them renders as there.
        MinoConfig.Placeholders placeholders = config.credentials().placeholders();
        if (placeholders.enabled()) {
            out.section("credentials").bool("placeholders", true);
        }
        MinoConfig.Aws aws = config.credentials().aws();
        out.section("credentials.aws")
            .bool("enabled", aws.enabled())
            .number("session_duration_secs", aws.sessionDurationSecs())
            .optional("role_arn", aws.roleArn())
            .optional("external_id", aws.externalId())
            .optional("profile", aws.profile())
            .optional("region", aws.region());
        placeholderHosts(out, placeholders, "aws");
        MinoConfig.Gcp gcp = config.credentials().gcp();
        out.section("credentials.gcp")
            .bool("enabled", gcp.enabled())
            .optional("project", gcp.project())
            .optional("service_account", gcp.serviceAccount());
        placeholderHosts(out, placeholders, "gcp");
        MinoConfig.Azure azure = config.credentials().azure();
        out.section("credentials.azure")
            .bool("enabled", azure.enabled())
            .optional("subscription", azure.subscription())
            .optional("tenant", azure.tenant());
        placeholderHosts(out, placeholders, "azure");
        out.section("credentials.github")
            .string("host", config.credentials().github().host());
        placeholderHosts(out, placeholders, "github");
        out.section("session")
            .string("shell", config.session().shell())
            .number("auto_cleanup_hours", config.session().autoCleanupHours());
        out.section("cache")
            .bool("enabled", config.cache().enabled())
            .number("gc_days", config.cache().gcDays())
            .number("max_total_gb", config.cache().maxTotalGb());
        out.section("home")
            .bool("enabled", config.home().enabled());
        return out.toString();
    }

    /**
     * The commented configuration file {@code mino config init} writes: every key at its
     * default, each with a short explanation, and optional keys as commented-out examples.
     * Loading it gives {@link MinoConfig#defaults()}.
     */
    public static String defaultTemplate() {
        MinoConfig d = MinoConfig.defaults();
        return String.join("\n",
            "# Mino configuration.",
            "#",
            "# This is the global file. A project can override any key in a .mino.toml file in its",
            "# folder (or a parent folder); tables merge key by key, other values replace. Settings",
            "# that affect security (mounts, network, image, credentials, audit log) in a .mino.toml",
            "# only apply after you trust that file. Change keys with: mino config set <key> <value>",
            "",
            "[general]",
            "# Reserved; not used yet.",
            "verbose = " + d.general().verbose(),
            "# Reserved; not used yet (\"text\" or \"json\").",
            "log_format = " + TomlText.quote(d.general().logFormat()),
            "# Record sessions in the audit log (<state>/audit.log).",
            "audit_log = " + d.general().auditLog(),
            "# Tell you when a newer release of mino is out (checked at most once a day).",
            "update_check = " + d.general().updateCheck(),
            "",
            "[vm]",
            "# macOS only: the OrbStack machine that runs Podman, and its distribution.",
            "name = " + TomlText.quote(d.vm().name()),
            "distro = " + TomlText.quote(d.vm().distro()),
            "",
            "[container]",
            "# Image or alias (typescript, rust, ...). Ignored when layers are set.",
            "image = " + TomlText.quote(d.container().image()),
            "# Extra mounts, passed as they are to podman -v, e.g. [\"/data:/data:ro\"].",
            "volumes = []",
            "# Network mode: bridge, host or none.",
            "network = " + TomlText.quote(d.container().network()),
            "# Working directory in the container. \"" + MinoConfig.DEFAULT_WORKDIR
                + "\" means /<project folder name>.",
            "workdir = " + TomlText.quote(d.container().workdir()),
            "# Egress allowlist as host:port; only these destinations are reachable.",
            "network_allow = []",
            "# A named allowlist: dev or registries.",
            "# network_preset = \"dev\"",
            "# Layers to compose into an image, e.g. [\"typescript\", \"rust\"]. Overrides image.",
            "layers = []",
            "# Mount the project read-only.",
            "read_only = " + d.container().readOnly(),
            "# The image layers are composed on.",
            "base_image = " + TomlText.quote(d.container().baseImage()),
            "# Resource limits of each sandbox. Memory as a size (\"4g\"), empty for half the host's",
            "# memory (at most 16g); CPUs as a number (\"1.5\"), empty for 3/4 of the host's CPUs.",
            "memory = " + TomlText.quote(d.container().memory()),
            "cpus = " + TomlText.quote(d.container().cpus()),
            "# The most processes at once.",
            "pids_limit = " + d.container().pidsLimit(),
            "# On a rootful Podman, run without a user namespace of the sandbox's own: uid 0 inside",
            "# is then the host's root. Off: each sandbox gets its own (userns=auto), or is refused.",
            "allow_rootful_engine = " + d.container().allowRootfulEngine(),
            "",
            "# Extra environment variables for the container, e.g. EDITOR = \"vim\".",
            "[container.env]",
            "",
            "# Destinations added to a network preset, e.g. a corporate mirror:",
            "# [container.network_preset_hosts]",
            "# registries = [\"mirror.example.internal:443\"]",
            "",
            "# Give sandboxes placeholders instead of real credentials; mino's proxy puts the real",
            "# ones into requests to each provider's hosts (needs an allowlist with those hosts).",
            "# [credentials]",
            "# placeholders = true",
            "",
            "[credentials.aws]",
            "# Inject short-lived AWS credentials into every session.",
            "enabled = " + d.credentials().aws().enabled(),
            "# Lifetime of the credentials in seconds.",
            "session_duration_secs = " + d.credentials().aws().sessionDurationSecs(),
            "# role_arn = \"arn:aws:iam::123456789012:role/dev\"",
            "# external_id = \"...\"",
            "# profile = \"default\"",
            "# region = \"us-east-1\"",
            "# Hosts where the real credential replaces a placeholder (default *.amazonaws.com):",
            "# placeholder_hosts = [\"*.amazonaws.com\"]",
            "",
            "[credentials.gcp]",
            "# Inject a GCP access token into every session.",
            "enabled = " + d.credentials().gcp().enabled(),
            "# project = \"my-project\"",
            "# service_account = \"agent@my-project.iam.gserviceaccount.com\"",
            "# placeholder_hosts = [\"*.googleapis.com\"]",
            "",
            "[credentials.azure]",
            "# Inject an Azure access token into every session.",
            "enabled = " + d.credentials().azure().enabled(),
            "# subscription = \"...\"",
            "# tenant = \"...\"",
            "# placeholder_hosts = [\"management.azure.com\"]",
            "",
            "[credentials.github]",
            "# The GitHub host whose gh token is injected.",
            "host = " + TomlText.quote(d.credentials().github().host()),
            "# placeholder_hosts = [\"github.example.com\", \"api.github.example.com\"]",
            "",
            "[session]",
            "# Shell started when no command is given.",
            "shell = " + TomlText.quote(d.session().shell()),
            "# Remove ended sessions older than this many hours; 0 keeps them.",
            "auto_cleanup_hours = " + d.session().autoCleanupHours(),
            "",
            "[cache]",
            "# Keep dependency caches (npm, cargo, pip, ...) in volumes keyed by the lockfile.",
            "enabled = " + d.cache().enabled(),
            "# mino cache gc removes caches unused for this many days; 0 disables that.",
            "gc_days = " + d.cache().gcDays(),
            "# Size budget of all caches in GB; 0 disables the warning.",
            "max_total_gb = " + d.cache().maxTotalGb(),
            "",
            "[home]",
            "# Keep the container's home directory in a volume per project.",
            "enabled = " + d.home().enabled(),
            "");
    }

    // Builds the text; sections are separated by one blank line.
    private static final class Toml {
        private final StringBuilder text = new StringBuilder();

        Toml section(String name) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append('[').append(name).append("]\n");
            return this;
        }

        Toml line(String line) {
            text.append(line).append('\n');
            return this;
        }

        Toml bool(String key, boolean value) {
            return line(key + " = " + value);
        }

        Toml number(String key, long value) {
            return line(key + " = " + value);
        }

        Toml string(String key, String value) {
            return line(key + " = " + TomlText.quote(value));
        }

        Toml optional(String key, Optional<String> value) {
            return value.isPresent() ? string(key, value.get()) : this;
        }

        Toml list(String key, List<String> values) {
            return line(key + " = " + TomlText.stringArray(values));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** A provider's {@code placeholder_hosts}, when set (not in mino 1.6.0). */
    private static void placeholderHosts(Toml out, MinoConfig.Placeholders placeholders, String provider) {
        List<String> hosts = placeholders.hosts().get(provider);
        if (hosts != null && !hosts.isEmpty()) {
            out.list("placeholder_hosts", hosts);
        }
    }
}
