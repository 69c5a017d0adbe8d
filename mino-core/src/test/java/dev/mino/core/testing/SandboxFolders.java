package dev.mino.core.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The two folders almost every sandbox test needs, made fresh for each test and deleted after
 * it: a project to mount and a state directory of its own (session records, the audit log, pins),
 * both in places the rootless test engine can mount (see {@link TestDirectories}). A test class
 * extends this rather than declaring and cleaning the same two folders again; JUnit runs these
 * methods before the subclass's own {@code @BeforeEach} and after its {@code @AfterEach}.
 */
public abstract class SandboxFolders {
    /** The project folder of the current test. */
    protected Path project;
    /** The state directory of the current test. */
    protected Path state;

    @BeforeEach
    final void createSandboxFolders() {
        project = TestDirectories.create("mino-it-project");
        state = TestDirectories.create("mino-it-state");
    }

    @AfterEach
    final void deleteSandboxFolders() {
        TestDirectories.delete(project);
        TestDirectories.delete(state);
    }
}
