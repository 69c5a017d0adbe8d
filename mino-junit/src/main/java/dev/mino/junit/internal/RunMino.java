package dev.mino.junit.internal;

import dev.mino.core.Mino;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one {@link Mino} of a test run, kept in the root context's store: every sandbox of the run
 * comes from it, and JUnit closes it when the run ends, after the sandboxes of every class and
 * test. So a test run (in a Gradle daemon, an IDE's test runner) leaves no connection, thread or
 * shutdown hook of Mino's behind, and a sandbox some test let escape is removed with it.
 *
 * <p>Made on the first sandbox, not when the extension loads: a run whose tests need no sandbox
 * never makes one. Closed by every JUnit version, for the reason {@link ManagedSandbox} gives.
 */
final class RunMino implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private static final String KEY = RunMino.class.getName();

    private final Mino mino;

    private RunMino(Mino mino) {
        this.mino = mino;
    }

    /** The run's Mino, made in {@code root} (the root context's store) when it has none yet. */
    static Mino of(ExtensionContext.Store root) {
        // Tests may start sandboxes on several threads at once: one of them makes the Mino. Not
        // computeIfAbsent, which only JUnit 6 has; the store is the one object all of them share.
        synchronized (root) {
            RunMino known = root.get(KEY, RunMino.class);
            if (known == null) {
                known = new RunMino(Mino.create());
                root.put(KEY, known);
            }
            return known.mino;
        }
    }

    @Override
    public void close() {
        mino.close();
    }
}
