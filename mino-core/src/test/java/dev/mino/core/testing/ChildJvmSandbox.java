package dev.mino.core.testing;

import dev.mino.core.ExecResult;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.config.MinoConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sandbox through the public API in a JVM of its own, for tests that need an environment this
 * JVM cannot have: another {@code PATH} (a fake {@code orb} on it), another {@code CONTAINER_HOST}.
 * The child runs {@code cat hello.txt}, then waits for an exec (which it runs) to be done and
 * exits with 42; it prints one line per
 * event: {@code PROGRESS <message>} for each listener progress message, then {@code EXIT <code>},
 * {@code STDOUT <logs>} and {@code EXEC <code> <stdout> <stderr>}; or, when the start fails,
 * {@code ERROR <exception class>: <message>} and {@code HINT <hint>}, exiting with 3.
 */
public final class ChildJvmSandbox {
    /** Where the child's arguments say "none". */
    public static final String NONE = "-";

    private ChildJvmSandbox() {
    }

    /** What the child printed and how it ended. */
    public record Result(int exitCode, List<String> lines, String stderr) {
        /** The lines that start with {@code prefix + " "}, without it. */
        public List<String> linesOf(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1))
                .toList();
        }

        /** All it printed, lines joined by newlines. */
        public String text() {
            return String.join("\n", lines);
        }

        /** Everything, for assertion messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + String.join("\n", lines) + "\nstderr:\n" + stderr;
        }
    }

    /**
     * Runs the child with this JVM's class path.
     *
     * @param environment replaces these variables of this JVM's environment; a null value removes one
     * @param engine the builder's engine, or {@link #NONE} to discover one
     * @param vm the configuration's OrbStack VM, or null for the default
     */
    public static Result run(Map<String, String> environment, String image, Path project, Path state, String engine,
        MinoConfig.Vm vm) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), ChildJvmSandbox.class.getName(), image,
            project.toString(), state.toString(), engine));
        if (vm != null) {
            command.add(vm.name());
            command.add(vm.distro());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        File stderr = Files.createTempFile(state, "child-stderr", ".txt").toFile();
        Process child = builder.redirectError(stderr).start();
        child.getOutputStream().close();
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(90, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not end: " + stdout);
        }
        return new Result(child.exitValue(), stdout.lines().toList(), Files.readString(stderr.toPath()));
    }

    /** Arguments: image, project folder, state folder, engine or {@code -}, and optionally VM name and distro. */
    public static void main(String[] args) {
        SandboxBuilder builder = Sandbox.builder();
        if (args.length >= 6) {
            builder.config(MinoConfig.defaults().withVm(new MinoConfig.Vm(args[4], args[5])));
        }
        builder.image(args[0]).project(Path.of(args[1])).stateDirectory(Path.of(args[2]))
            // Waits for the exec: one into an exited container fails, however busy the machine.
            .command("sh", "-c", "cat hello.txt; while [ ! -e /tmp/exec-done ]; do sleep 0.1; done; exit 42")
            .listener(new SandboxListener() {
                @Override
                public void onProgress(String message) {
                    System.out.println("PROGRESS " + message);
                }
            });
        try {
            if (!args[3].equals(NONE)) {
                builder.engine(args[3]);
            }
            try (Sandbox sandbox = builder.start()) {
                ExecResult exec = sandbox.exec("sh", "-c", "echo exec-ok; echo exec-err >&2; touch /tmp/exec-done");
                int code = sandbox.awaitExit(Duration.ofSeconds(60));
                System.out.println("EXIT " + code);
                System.out.println("STDOUT " + sandbox.logs().stdout().strip());
                System.out.println("EXEC " + exec.exitCode() + " " + exec.stdout().strip() + " "
                    + exec.stderr().strip());
            }
        } catch (MinoException e) {
            System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.println("HINT " + e.hint());
            System.exit(3);
        }
    }
}
