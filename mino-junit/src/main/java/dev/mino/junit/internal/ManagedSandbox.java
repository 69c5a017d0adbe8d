package dev.mino.junit.internal;

import dev.mino.core.Sandbox;

/**
 * A sandbox as the extension keeps it in JUnit's store: closing it (JUnit closes what its store
 * holds when the test or class ends) closes the sandbox, then deletes its temporary project
 * folder, if it has one.
 */
final class ManagedSandbox implements AutoCloseable {
    private final Sandbox sandbox;
    private final TemporaryProject folder;

    ManagedSandbox(Sandbox sandbox, TemporaryProject folder) {
        this.sandbox = sandbox;
        this.folder = folder;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            if (folder != null) {
                folder.delete();
            }
        }
    }
}
