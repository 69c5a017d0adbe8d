package dev.mino.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.config.ConfigException;
import dev.mino.core.config.MinoConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a merged TOML tree into a {@link MinoConfig}: every key of {@link ConfigSchema} is
 * type-checked where it occurs, missing keys take their default, and an error names the file the
 * offending value came from.
 */
public final class ConfigBinder {

    private ConfigBinder() {
    }

    /**
     * Types the merged tree.
     *
     * @throws ConfigException for the first value (in schema order) of the wrong type
     */
    public static MinoConfig bind(TreeMerger.Merged merged) {
        Values v = new Values(read(merged));
        MinoConfig d = MinoConfig.defaults();
        return new MinoConfig(
            new MinoConfig.General(
                v.bool("general.verbose", d.general().verbose()),
                v.string("general.log_format", d.general().logFormat()),
                v.bool("general.audit_log", d.general().auditLog()),
                v.bool("general.update_check", d.general().updateCheck())),
            new MinoConfig.Vm(
                v.string("vm.name", d.vm().name()),
                v.string("vm.distro", d.vm().distro())),
            new MinoConfig.Container(
                v.string("container.image", d.container().image()),
                v.map("container.env", d.container().env()),
                v.list("container.volumes", d.container().volumes()),
                v.string("container.network", d.container().network()),
                v.string("container.workdir", d.container().workdir()),
                v.list("container.network_allow", d.container().networkAllow()),
                v.optional("container.network_preset", d.container().networkPreset()),
                v.list("container.layers", d.container().layers()),
                v.bool("container.read_only", d.container().readOnly()),
                v.string("container.base_image", d.container().baseImage()),
                v.listMap(PresetHostsCheck.KEY, d.container().networkPresetHosts()),
                v.string("container.memory", d.container().memory()),
                v.string("container.cpus", d.container().cpus()),
                v.u32("container.pids_limit", d.container().pidsLimit()),
                v.bool("container.allow_rootful_engine", d.container().allowRootfulEngine())),
            new MinoConfig.Credentials(
                new MinoConfig.Aws(
                    v.bool("credentials.aws.enabled", d.credentials().aws().enabled()),
                    v.u32("credentials.aws.session_duration_secs", d.credentials().aws().sessionDurationSecs()),
                    v.optional("credentials.aws.role_arn", d.credentials().aws().roleArn()),
                    v.optional("credentials.aws.external_id", d.credentials().aws().externalId()),
                    v.optional("credentials.aws.profile", d.credentials().aws().profile()),
                    v.optional("credentials.aws.region", d.credentials().aws().region())),
                new MinoConfig.Gcp(
                    v.bool("credentials.gcp.enabled", d.credentials().gcp().enabled()),
                    v.optional("credentials.gcp.project", d.credentials().gcp().project()),
                    v.optional("credentials.gcp.service_account", d.credentials().gcp().serviceAccount())),
                new MinoConfig.Azure(
                    v.bool("credentials.azure.enabled", d.credentials().azure().enabled()),
                    v.optional("credentials.azure.subscription", d.credentials().azure().subscription()),
                    v.optional("credentials.azure.tenant", d.credentials().azure().tenant())),
                new MinoConfig.Github(
                    v.string("credentials.github.host", d.credentials().github().host())),
                new MinoConfig.Placeholders(
                    v.bool("credentials.placeholders", d.credentials().placeholders().enabled()),
                    placeholderHosts(v))),
            new MinoConfig.Session(
                v.string("session.shell", d.session().shell()),
                v.u32("session.auto_cleanup_hours", d.session().autoCleanupHours())),
            new MinoConfig.Cache(
                v.bool("cache.enabled", d.cache().enabled()),
                v.u32("cache.gc_days", d.cache().gcDays()),
                v.u32("cache.max_total_gb", d.cache().maxTotalGb())),
            new MinoConfig.Home(
                v.bool("home.enabled", d.home().enabled())));
    }

    // Checks all keys first, in schema order, so the error reported is the first one a reader of
    // the documentation would meet, whatever order the record constructors happen to read them in.
    private static Map<String, Object> read(TreeMerger.Merged merged) {
        Map<String, Object> values = new HashMap<>();
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            JsonNode node = merged.tree();
            List<String> path = key.path();
            for (int i = 0; i < path.size() && node != null; i++) {
                if (!node.isObject()) {
                    List<String> table = path.subList(0, i);
                    String name = TomlText.dottedKey(table);
                    throw ConfigSchema.typeError(merged.originOf(table), name,
                        name + " must be a table, found " + ValueSummary.describe(node), "a table");
                }
                node = node.get(path.get(i));
            }
            if (node != null) {
                Object value = ConfigSchema.convert(key, node, merged.originOf(path));
                if (key.name().equals(PresetHostsCheck.KEY)) {
                    checkPresetHosts(value, merged);
                }
                values.put(key.name(), value);
            }
        }
        return values;
    }

    // Not a type check but a meaning check, done here so that the error names the file the bad
    // entry came from (the two files' tables merge per preset).
    @SuppressWarnings("unchecked")
    private static void checkPresetHosts(Object value, TreeMerger.Merged merged) {
        PresetHostsCheck.check((Map<String, List<String>>) value).ifPresent(problem -> {
            List<String> path = List.of("container", "network_preset_hosts", problem.preset());
            java.nio.file.Path file = merged.originOf(path);
            throw new ConfigException("Invalid configuration at " + file + ": " + problem.message(),
                problem.hint() + " in " + file, file, problem.key(), null);
        });
    }

    private record Values(Map<String, Object> values) {

        boolean bool(String key, boolean fallback) {
            return (Boolean) values.getOrDefault(key, fallback);
        }

        String string(String key, String fallback) {
            return (String) values.getOrDefault(key, fallback);
        }

        long u32(String key, long fallback) {
            return (Long) values.getOrDefault(key, fallback);
        }

        Optional<String> optional(String key, Optional<String> fallback) {
            Object value = values.get(key);
            return value == null ? fallback : Optional.of((String) value);
        }

        @SuppressWarnings("unchecked")
        List<String> list(String key, List<String> fallback) {
            return (List<String>) values.getOrDefault(key, fallback);
        }

        @SuppressWarnings("unchecked")
        Map<String, List<String>> listMap(String key, Map<String, List<String>> fallback) {
            return (Map<String, List<String>>) values.getOrDefault(key, fallback);
        }

        @SuppressWarnings("unchecked")
        Map<String, String> map(String key, Map<String, String> fallback) {
            return (Map<String, String>) values.getOrDefault(key, fallback);
        }
    }

    /** Each provider's {@code placeholder_hosts}, when set and not empty. */
    private static Map<String, List<String>> placeholderHosts(Values v) {
        Map<String, List<String>> hosts = new java.util.LinkedHashMap<>();
        for (String provider : dev.mino.core.credentials.CredentialPlaceholders.PROVIDERS) {
            List<String> list = v.list("credentials." + provider + ".placeholder_hosts", List.of());
            if (!list.isEmpty()) {
                hosts.put(provider, list);
            }
        }
        return hosts;
    }
}
