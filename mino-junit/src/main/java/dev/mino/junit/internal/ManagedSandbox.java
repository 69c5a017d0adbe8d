package dev.mino.junit.internal;

import dev.mino.core.Sandbox;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox as the extension keeps it in JUnit's store: closing it (JUnit closes what its store
 * holds when the test or class ends) closes the sandbox, then deletes its temporary project
 * folder, if it has one. Closing twice does nothing more.
 *
 * <p>Both kinds of store value JUnit closes: {@code AutoCloseable}, which JUnit 5.13 and later
 * close unless {@code junit.jupiter.extensions.store.close.autocloseable.enabled} is false, and
 * the deprecated {@code CloseableResource}, which every JUnit 5 and 6 closes whatever that
 * setting says. The test suite brings its own JUnit, so the sandbox must be closed by all of them.
 */
@SuppressWarnings("deprecation")
final class ManagedSandbox implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final Sandbox sandbox;
    private final TemporaryProject folder;
    private final AtomicBoolean closed = new AtomicBoolean();

    ManagedSandbox(Sandbox sandbox, TemporaryProject folder) {
        this.sandbox = sandbox;
        this.folder = folder;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sandbox.close();
        } finally {
            if (folder != null) {
                folder.delete();
            }
        }
    }
}
