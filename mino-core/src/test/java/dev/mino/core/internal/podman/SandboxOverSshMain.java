package dev.mino.core.internal.podman;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that runs one sandbox through the public API with no engine named, so discovery takes
 * {@code CONTAINER_HOST} (an {@code ssh://} address, with {@code CONTAINER_SSHKEY} and
 * {@code MINO_SSH_OPTIONS}) from the environment the test gives it. Prints the exit code, the
 * output and an exec's output.
 */
public final class SandboxOverSshMain {
    private SandboxOverSshMain() {
    }

    /** Arguments: image, project folder, state folder. */
    public static void main(String[] args) {
        try (Sandbox sandbox = Sandbox.builder().image(args[0]).project(Path.of(args[1]))
            .stateDirectory(Path.of(args[2])).command("sh", "-c", "cat hello.txt; sleep 1; exit 42").start()) {
            ExecResult exec = sandbox.exec("sh", "-c", "echo exec-ok; echo exec-err >&2");
            int code = sandbox.awaitExit(Duration.ofSeconds(60));
            System.out.println("EXIT " + code);
            System.out.println("STDOUT " + sandbox.logs().stdout().strip());
            System.out.println("EXEC " + exec.exitCode() + " " + exec.stdout().strip() + " " + exec.stderr().strip());
        }
    }
}
