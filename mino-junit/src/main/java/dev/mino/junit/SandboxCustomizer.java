package dev.mino.junit;

import dev.mino.core.SandboxBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Changes the builder of a {@link MinoSandbox} sandbox in code, for settings the annotation has no
 * attribute for. Named by {@link MinoSandbox#customizer()}; called after the attributes are
 * applied (and the temporary project folder, if any, is set), just before the sandbox starts.
 *
 * <pre>{@code
 * static final class Offline implements SandboxCustomizer {
 *     @Override
 *     public void customize(SandboxBuilder builder, ExtensionContext context) {
 *         builder.network(NetworkPolicy.none()).memoryLimit("512m").label("suite", "smoke");
 *     }
 * }
 *
 * @MinoSandbox(image = "localhost/tools:1.0", customizer = Offline.class)
 * Sandbox sandbox;
 * }</pre>
 *
 * <p>An implementation needs a constructor without arguments (it may be private, and a static
 * nested class), and is made anew for each sandbox. Like a builder setter, it may throw: the test
 * then fails with that exception, and no sandbox is started.
 */
public interface SandboxCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder, with the annotation's attributes applied
     * @param context the test's or the class's context: its class, method and configuration
     * @throws Exception to fail the test without starting a sandbox
     */
    void customize(SandboxBuilder builder, ExtensionContext context) throws Exception;
}
