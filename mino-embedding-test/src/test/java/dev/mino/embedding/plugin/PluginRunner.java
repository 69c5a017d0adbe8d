package dev.mino.embedding.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The code of a pretend IDE plugin: it uses its host's Jackson and Kotlin itself, then runs a
 * sandbox through mino's public API. It is loaded only through a plugin class loader, so every
 * class it names comes from that loader; the test talks to it through JDK types alone.
 *
 * <p>In: {@code engine}, {@code image}, {@code project}, {@code state}, {@code message}. Out: the
 * versions of Jackson and Kotlin the plugin sees, JSON it wrote with its own Jackson, the plan's
 * JSON (mino's Jackson), and the exit code and output of {@code echo} run in the sandbox (mino's
 * OkHttp over the engine's socket, with the exec stream).
 */
public final class PluginRunner implements Function<Map<String, String>, Map<String, String>> {
    @Override
    public Map<String, String> apply(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        // The host's libraries, as the plugin itself uses them.
        out.put("jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        out.put("kotlin", kotlin.KotlinVersion.CURRENT.toString());
        try {
            out.put("pluginJson", new ObjectMapper().writeValueAsString(Map.of("from", "plugin")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.put("sandboxLoader", Sandbox.class.getClassLoader() == getClass().getClassLoader() ? "plugin" : "other");

        SandboxBuilder builder = Sandbox.builder()
            .engine(in.get("engine"))
            .image(in.get("image"))
            .project(Path.of(in.get("project")))
            .stateDirectory(Path.of(in.get("state")))
            .command("sleep", "60");
        out.put("plan", builder.plan().toJson());
        try (Sandbox sandbox = builder.start()) {
            ExecResult echo = sandbox.exec("echo", in.get("message"));
            out.put("exit", Integer.toString(echo.exitCode()));
            out.put("stdout", echo.stdout());
        }
        return out;
    }
}
