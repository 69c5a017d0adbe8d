package dev.mino.core.config;

import static dev.mino.core.config.ConfigTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.config.ConfigSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {

    @TempDir
    Path temp;

    @Test
    void rendersTheDefaultsInTheDocumentedOrder() {
        assertEquals("""
            [general]
            verbose = false
            log_format = "text"
            audit_log = true
            update_check = true

            [vm]
            name = "mino"
            distro = "fedora"

            [container]
            image = "fedora:43"
            volumes = []
            network = "bridge"
            workdir = "/workspace"
            network_allow = []
            layers = []
            read_only = false
            base_image = "ghcr.io/dean0x/mino-base:latest"
            memory = ""
            cpus = ""
            pids_limit = 4096
            allow_rootful_engine = false

            [container.env]

            [credentials.aws]
            enabled = false
            session_duration_secs = 3600

            [credentials.gcp]
            enabled = false

            [credentials.azure]
            enabled = false

            [credentials.github]
            host = "github.com"

            [session]
            shell = "/bin/bash"
            auto_cleanup_hours = 720

            [cache]
            enabled = true
            gc_days = 30
            max_total_gb = 50

            [home]
            enabled = true
            """, MinoConfig.defaults().toToml());
    }

    static MinoConfig everythingChanged() {
        return new MinoConfig(
            new MinoConfig.General(true, "json", false, false),
            new MinoConfig.Vm("vm \"quoted\"", "ubuntu"),
            new MinoConfig.Container("rust", Map.of("Z", "last", "A", "line\nbreak", "with space", "\u001b[0m"),
                List.of("/a:/a:ro", "/b:/b"), "none", "/code", List.of("github.com:443"), Optional.of("dev"),
                List.of("rust", "typescript"), true, "example.com/base:1",
                Map.of("registries", List.of("mirror.example.internal:443", "[2001:db8::7]:8443"), "dev", List.of())),
            new MinoConfig.Credentials(
                new MinoConfig.Aws(true, 4294967295L, Optional.of("arn:aws:iam::1:role/r"), Optional.of("ext"),
                    Optional.of("prof"), Optional.of("eu-west-1")),
                new MinoConfig.Gcp(true, Optional.of("proj"), Optional.of("sa@proj.iam.gserviceaccount.com")),
                new MinoConfig.Azure(true, Optional.of("sub"), Optional.of("tenant")),
                new MinoConfig.Github("github.example.com"),
                new MinoConfig.Placeholders(true, Map.of("aws", List.of("*.amazonaws.com"),
                    "gcp", List.of("*.googleapis.com", "gcp.example.com:8443"), "azure", List.of("management.azure.com"),
                    "github", List.of("github.example.com")))),
            new MinoConfig.Session("C:\\shell", 0),
            new MinoConfig.Cache(false, 0, 1),
            new MinoConfig.Home(false));
    }

    @Test
    void renderedTomlLoadsBackToAnEqualConfig() {
        MinoConfig config = everythingChanged();
        ConfigTestSupport files = new ConfigTestSupport(temp);
        write(files.globalFile(), config.toToml());

        LoadedConfig loaded = files.load();

        assertEquals(config, loaded.config());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void everySchemaKeyIsRendered() {
        String toml = everythingChanged().toToml();

        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            String leaf = key.path().get(key.path().size() - 1);
            String section = "[" + String.join(".", key.tablePath()) + "]";
            String afterSection = toml.substring(toml.indexOf(section + "\n"));
            assertTrue(key.type() == ConfigSchema.Type.STRING_MAP || key.type() == ConfigSchema.Type.STRING_LIST_MAP
                ? toml.contains("[" + key.name() + "]\n")
                : afterSection.contains("\n" + leaf + " = "), key.name());
        }
    }

    @Test
    void unsetOptionalsAreLeftOut() {
        String toml = MinoConfig.defaults().toToml();

        assertFalse(toml.contains("network_preset"));
        assertFalse(toml.contains("role_arn"));
        assertFalse(toml.contains("tenant"));
    }

    @Test
    void renderingIsDeterministic() {
        assertEquals(everythingChanged().toToml(), everythingChanged().toToml());
    }

    @Test
    void templateLoadsToTheDefaultsWithoutWarnings() {
        ConfigTestSupport files = new ConfigTestSupport(temp);
        write(files.globalFile(), ConfigRenderer.defaultTemplate());

        LoadedConfig loaded = files.load();

        assertEquals(MinoConfig.defaults(), loaded.config());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void templateMentionsEveryKey() {
        String template = ConfigRenderer.defaultTemplate();

        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            String leaf = key.path().get(key.path().size() - 1);
            assertTrue(template.contains(leaf + " = ") || template.contains("[" + key.name() + "]"), key.name());
        }
    }
}
