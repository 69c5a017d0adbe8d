package dev.mino.core.testing;

import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxPlan;
import dev.mino.core.SandboxSpec;
import dev.mino.core.internal.sandbox.LayerComposer;
import dev.mino.core.internal.sandbox.Owner;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import java.util.Map;

/**
 * Plans made by the pure planner from a builder's spec, with the facts a local rootless engine
 * would give and without asking one: for unit tests of what a builder asks for (its layers
 * composed, its network, its firewall image by name). {@link SandboxBuilder#plan()} itself reads
 * the engine; the ITs compare it with what a start creates.
 */
public final class OfflinePlans {
    private OfflinePlans() {
    }

    /** The plan of {@code builder}'s spec, its layers composed without user layers. */
    public static SandboxPlan of(SandboxBuilder builder) {
        SandboxSpec spec = LayerComposer.compose(builder.build(), Map.of()).spec();
        return SandboxPlanner.plan(spec, spec.name() != null ? spec.name() : "offline-plan", Owner.current());
    }
}
